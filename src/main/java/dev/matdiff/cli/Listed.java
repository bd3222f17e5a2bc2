package dev.matdiff.cli;

import java.util.List;
import java.util.stream.Collectors;

/** Names said in one line of output: the first {@value #SHOWN}, then how many more (a program or its data may hold thousands). */
final class Listed {

    static final int SHOWN = 20;

    private Listed() {}

    /** The names, each between {@code quote}s, separated by commas; past {@value #SHOWN} of them, "and N more". */
    static String names(List<String> names, String quote) {
        String shown = names.stream().limit(SHOWN).map(n -> quote + n + quote).collect(Collectors.joining(", "));
        return names.size() > SHOWN ? shown + " and " + (names.size() - SHOWN) + " more" : shown;
    }
}
