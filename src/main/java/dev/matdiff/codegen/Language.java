package dev.matdiff.codegen;

import java.util.Locale;

/** The languages {@code matdiff codegen} writes. */
public enum Language {
    NUMPY("numpy"), TORCH("torch"), JAVA("java");

    private final String flag;

    Language(String flag) { this.flag = flag; }

    /** How {@code --lang} names it. */
    public String flag() { return flag; }

    /** The language {@code --lang} names ("pytorch" is torch); null if none. */
    public static Language parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        if (k.equals("pytorch")) return TORCH;
        for (Language l : values()) if (l.flag.equals(k)) return l;
        return null;
    }
}
