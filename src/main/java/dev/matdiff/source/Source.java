package dev.matdiff.source;

/** A program's text and the name it is reported under (a file name, or "<expr>"). */
public record Source(String name, String text) {

    /** A lone CR (old Mac line endings) is a line break as LF is, so that the lexer counts lines as {@link #line} does (trial s75c). */
    public Source {
        if (text != null && text.indexOf('\r') >= 0) text = text.replaceAll("\r(?!\n)", "\n");
    }

    /** The text of line {@code line} (1-based), without its line break. */
    public String line(int line) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
