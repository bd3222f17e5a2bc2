package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;

import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The sizes --dims gives (check, bench): parsed, then held against the program's dimensions. */
final class DimsOption {
    private DimsOption() {}

    /**
     * --dims m=4,n=3, each size a positive integer, quoted as the user wrote it in the messages. One --dims that
     * sizes a name twice contradicts itself; a later --dims overrides an earlier one, as of two values of any option.
     */
    static Map<String, Integer> parse(CommandSpec spec, List<String> occurrences) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String occurrence : occurrences) {
            Map<String, Integer> these = new LinkedHashMap<>();
            for (String item : occurrence.split(",", -1)) {
                String name = sized(spec, item, occurrence);
                int size = size(spec, item);
                Integer before = these.put(name, size);
                if (before != null && before != size)
                    throw CliError.usage(spec, "--dims " + item.strip() + ": " + name + " is already given the size " + before);
            }
            out.putAll(these);
        }
        return out;
    }

    /** The name an item NAME=SIZE sizes. */
    private static String sized(CommandSpec spec, String item, String occurrence) {
        int eq = item.indexOf('=');
        String name = eq < 0 ? item.strip() : item.substring(0, eq).strip();
        if (eq < 0 || name.isEmpty())
            // an empty piece (m=3,,n=2) has nothing to quote but the list it is in
            throw CliError.usage(spec, "--dims " + (item.isBlank() ? occurrence + ": an empty piece; " : item + ": ")
                    + "give a size as NAME=SIZE, for example --dims m=4,n=3");
        return name;
    }

    private static int size(CommandSpec spec, String item) {
        int eq = item.indexOf('=');
        String name = item.substring(0, eq).strip(), value = item.substring(eq + 1).strip();
        int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            if (value.matches("\\d+"))
                throw CliError.usage(spec, "--dims " + item + ": the size of " + name + " is too large (at most " + Integer.MAX_VALUE + ")");
            throw CliError.usage(spec, "--dims " + item + ": the size of " + name + " must be a positive integer, not '" + value + "'");
        }
        if (size < 1) throw CliError.usage(spec, "--dims " + item + ": the size of " + name + " must be a positive integer");
        return size;
    }

    /** With --data the sizes are the data's: --dims may repeat them (a script's habit), not contradict them. */
    static void agree(CommandSpec spec, Map<String, Integer> given, Map<String, Integer> fromData, String dataName) {
        given.forEach((name, size) -> {
            Integer data = fromData.get(name);
            if (data != null && data.intValue() != size)
                throw CliError.usage(spec, "--dims " + name + "=" + size + ", but the data in " + dataName + " make " + name + " " + data);
        });
    }

    /**
     * Every name in --dims must be a dimension of the program; and no size it derives (conv's
     * p − r + 1) may come out below 1 from the given sizes alone.
     */
    static void check(CommandSpec spec, Inputs.Loaded in, Derivation d, Map<String, Integer> given) {
        Unknown unknown = unknown(spec, in, d, given);
        if (unknown != null) throw CliError.usage(spec, unknown.text());
    }

    /**
     * The same, a name of no dimension of the program said rather than refused: what check does, whose contract gives
     * --dims m=4,n=3 as its example, and a harness passes one --dims to many programs (trial s73a). What to say, or null.
     */
    static String lenient(CommandSpec spec, Inputs.Loaded in, Derivation d, Map<String, Integer> given) {
        Unknown unknown = unknown(spec, in, d, given);
        return unknown == null ? null : unknown.text() + (unknown.names() > 1 ? ", so they are not used" : ", so it is not used");
    }

    /** What --dims says of names that are no dimension of the program, and how many they are. */
    private record Unknown(String text, int names) {}

    /** The names of --dims that are no dimension of the program, or null; a size it derives below 1 refused. */
    private static Unknown unknown(CommandSpec spec, Inputs.Loaded in, Derivation d, Map<String, Integer> given) {
        if (given.isEmpty()) return null;
        List<Expr> all = new ArrayList<>(d.objectiveAndGradients());
        all.addAll(in.matdiff().program().variables().values());
        all.addAll(in.matdiff().program().definitions().values());  // a definition the objective does not read still names its sizes
        TreeSet<String> known = new TreeSet<>();
        List<Dim> derived = new ArrayList<>();
        for (Dim dim : Dag.dimensions(all)) {
            known.addAll(Dims.symbols(dim));
            if (dim instanceof Dim.Poly) derived.add(dim);
        }
        List<String> unknown = new ArrayList<>(), written = new ArrayList<>();
        for (String name : given.keySet())
            if (!known.contains(name)) {
                unknown.add(name);
                written.add(name + "=" + given.get(name));
            }
        for (Dim dim : derived) {
            if (!given.keySet().containsAll(Dims.symbols(dim))) continue;
            long size = Dims.evaluate(dim, given);
            if (size < 1) {
                StringBuilder which = new StringBuilder();
                for (String s : Dims.symbols(dim)) which.append(which.length() == 0 ? "" : ",").append(s).append('=').append(given.get(s));
                throw CliError.usage(spec, "--dims " + which + " give" + (Dims.symbols(dim).size() == 1 ? "s" : "") + " the dimension " + dim
                        + " the size " + size + "; every size must be at least 1");
            }
        }
        if (unknown.isEmpty()) return null;
        return new Unknown("--dims " + String.join(",", written) + ": the program has no dimension" + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown) + (known.isEmpty() ? " (it has none to size)" : " (its dimensions: " + String.join(", ", known) + ")"),
                unknown.size());
    }
}
