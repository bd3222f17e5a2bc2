package dev.matdiff.calculus;

/**
 * What a derivation line equates its expression to. Each printer renders it in its own notation;
 * {@link #text()} is the plain-text one.
 */
public sealed interface Lhs {

    /** The plain-text form: "dL", "∇_w L", "∇h2". */
    String text();

    /** df, the differential of the objective (or of an intermediate). */
    record Differential(String of) implements Lhs {
        public String text() { return "d" + of; }
    }

    /** ∇_X f, the gradient of the objective f with respect to the variable X. */
    record Gradient(String of, String wrt) implements Lhs {
        public String text() { return "∇_" + wrt + " " + of; }
    }

    /**
     * ∇h, the gradient of the objective that reaches an intermediate (or a variable) in a staged
     * derivation, as a symbol: the stages below it read this name rather than its expression.
     */
    record GradientSymbol(String name) implements Lhs {
        public String text() { return "∇" + name; }
    }
}
