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

    /** vec(dF): the differential of a vector or matrix objective, vectorised. */
    record VecDifferential(String of) implements Lhs {
        public String text() { return "vec(d" + of + ")"; }
    }

    /**
     * ∂vec(F)/∂vec(X), the Jacobian J with vec(dF) = J vec(dX); a column (or a scalar) is its own
     * vec, so for vectors it is ∂f/∂x, and ∂y/∂vec(M) or ∂L/∂vec(M) as seed 004 writes them.
     *
     * @param ofColumn  whether F is a column vector or a scalar
     * @param wrtColumn whether X is
     */
    record Jacobian(String of, String wrt, boolean ofColumn, boolean wrtColumn) implements Lhs {
        public String text() { return "∂" + (ofColumn ? of : "vec(" + of + ")") + "/∂" + (wrtColumn ? wrt : "vec(" + wrt + ")"); }
    }

    /** d(∇_X f): the differential of a gradient, on the way to the Hessian. */
    record GradientDifferential(String of, String wrt) implements Lhs {
        public String text() { return "d(∇_" + wrt + " " + of + ")"; }
    }

    /** vec(d∇_X f), vectorised. */
    record VecGradientDifferential(String of, String wrt) implements Lhs {
        public String text() { return "vec(d(∇_" + wrt + " " + of + "))"; }
    }

    /** ∇²_X f, the Hessian. */
    record Hessian(String of, String wrt) implements Lhs {
        public String text() { return "∇²_" + wrt + " " + of; }
    }

    /** ∇²_X f[V], the Hessian applied to the direction V. */
    record HessianVectorProduct(String of, String wrt, String direction) implements Lhs {
        public String text() { return "∇²_" + wrt + " " + of + "[" + direction + "]"; }
    }

    /** ∂f/∂X in numerator layout: the transpose of the gradient, as seeds 003 and 004 write it. */
    record Numerator(String of, String wrt) implements Lhs {
        public String text() { return "∂" + of + "/∂" + wrt; }
    }
}
