package dev.matdiff.source;

/**
 * Bad input, with the place it was found: the one error type every stage throws, so the CLI can
 * print {@code file:line:col: message}, the source line and a caret, and exit 2.
 */
public class MatDiffException extends RuntimeException {
    private final Pos pos;

    public MatDiffException(String message, Pos pos) {
        super(message);
        this.pos = pos == null ? Pos.NONE : pos;
    }

    public Pos pos() { return pos; }

    /**
     * {@code file:line:col: message}, then the source line and a caret under the place: the line cut
     * to a window around the place, and it, the file's name and the message with what a terminal cannot print escaped.
     */
    public String format(Source source) {
        String message = Excerpt.printable(Excerpt.shortWords(getMessage())), name = Excerpt.printable(source.name());
        if (pos.line() < 1) return name + ": " + message;
        String line = source.line(pos.line());
        int col = Math.min(pos.column(), line.length());
        int width = Math.max(1, Math.min(pos.stop() - pos.start() + 1, line.length() - col));
        return name + ":" + pos.lineColumn() + ": " + message + "\n"
                + Excerpt.withCaret(line, col, width);
    }
}
