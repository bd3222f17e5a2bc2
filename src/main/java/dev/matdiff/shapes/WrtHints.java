package dev.matdiff.shapes;

import dev.matdiff.syntax.Syntax;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of a program's {@code # wrt:} lines that are a hint: a line of two words or more that names none of the
 * program's names is prose, "# wrt: the weights", a comment like any other (trial s73a); each line is read on its own,
 * with its own words (review s73r, s73s); one word the program lacks, a misspelt "# wrt: Wx", is a name still.
 */
final class WrtHints {
    private WrtHints() {}

    /** The hint's names in order, each once, without the prose lines'. */
    static List<Syntax.Name> withoutProse(List<Syntax.Name> written, Set<String> programNames) {
        Map<Integer, List<Syntax.Name>> byLine = new LinkedHashMap<>();
        for (Syntax.Name n : written) byLine.computeIfAbsent(n.pos().line(), k -> new ArrayList<>()).add(n);
        Map<String, Syntax.Name> out = new LinkedHashMap<>();
        for (List<Syntax.Name> line : byLine.values())
            if (line.size() < 2 || line.stream().anyMatch(n -> programNames.contains(n.name())))
                for (Syntax.Name n : line) out.putIfAbsent(n.name(), n);
        return List.copyOf(out.values());
    }
}
