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

    /** {@code file:line:col: message}, then the source line and a caret under the place. */
    public String format(Source source) {
        if (pos.line() < 1) return source.name() + ": " + getMessage();
        String line = source.line(pos.line());
        int col = Math.min(pos.column(), line.length());
        int width = Math.max(1, Math.min(pos.stop() - pos.start() + 1, line.length() - col));
        // a tab before the place stays a tab, so that the caret lines up however wide the terminal shows tabs
        StringBuilder pad = new StringBuilder(col);
        for (int i = 0; i < col; i++) pad.append(line.charAt(i) == '\t' ? '\t' : ' ');
        String caret = pad + "^" + (width > 1 ? "~".repeat(width - 1) : "");
        return source.name() + ":" + pos.line() + ":" + (pos.column() + 1) + ": " + getMessage() + "\n"
                + line + "\n" + caret;
    }
}
