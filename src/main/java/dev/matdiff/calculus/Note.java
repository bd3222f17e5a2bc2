package dev.matdiff.calculus;

import java.util.List;

/** What a step says besides its laws. */
public sealed interface Note {

    /** The words, as a printer shows them. */
    String text();

    record None() implements Note {
        public String text() { return ""; }
    }

    /** The symbols the objective reads that are held constant: "X, y constant". */
    record Constants(List<String> names) implements Note {
        public Constants { names = List.copyOf(names); }
        public String text() { return String.join(", ", names) + " constant"; }
    }

    /** Anything else, in words. */
    record Words(String text) implements Note {}

    Note NONE = new None();
}
