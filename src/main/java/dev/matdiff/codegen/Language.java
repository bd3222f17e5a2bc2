package dev.matdiff.codegen;

import java.util.Locale;

/** The languages {@code matdiff codegen} writes. */
public enum Language {
    NUMPY("numpy", ".py"), TORCH("torch", ".py"), JAVA("java", ".java");

    private final String flag;
    private final String extension;

    Language(String flag, String extension) {
        this.flag = flag;
        this.extension = extension;
    }

    /** The extension of a file in this language: ".py", ".java". */
    public String extension() { return extension; }

    /** The language a file's name says it holds (by its extension), or null when it says none. */
    public static Language ofFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Language l : values()) if (lower.endsWith(l.extension)) return l;
        return null;
    }

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
