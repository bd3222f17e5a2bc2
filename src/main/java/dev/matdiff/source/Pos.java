package dev.matdiff.source;

/** A place in the source: 1-based line, 0-based column, and the character range [start, stop]. */
public record Pos(int line, int column, int start, int stop) {
    public static final Pos NONE = new Pos(0, 0, -1, -1);

    /** The span from the start of this position to the end of another. */
    public Pos to(Pos end) { return new Pos(line, column, start, Math.max(stop, end.stop)); }

    /** "3:10", as messages write a place: line, then the 1-based column. */
    public String lineColumn() { return line + ":" + (column + 1); }
}
