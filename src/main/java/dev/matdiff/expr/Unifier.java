package dev.matdiff.expr;

import java.util.function.Supplier;

/**
 * Decides whether two dimensions are the same. Building an expression uses {@link #STRICT} (a
 * mismatch is a bug); shape inference supplies one that binds unknowns and reports mismatches
 * at a source position.
 */
public interface Unifier {

    void same(Dim a, Dim b, Supplier<String> problem);

    Dim resolve(Dim d);

    /**
     * A shape's two sides the same: a square matrix. Inference may read more into it than {@link #same} does (of
     * kron(A, X) with undeclared sizes, that A and X are square).
     */
    default void square(Dim rows, Dim cols, Supplier<String> problem) { same(rows, cols, problem); }

    /** An unknown dimension given a name of its own, for arithmetic on sizes; others unchanged. */
    default Dim fix(Dim d) { return d; }

    default Shape resolve(Shape s) { return new Shape(resolve(s.rows()), resolve(s.cols())); }

    default boolean isScalar(Shape s) { return resolve(s).isScalar(); }

    Unifier STRICT = new Unifier() {
        public void same(Dim a, Dim b, Supplier<String> problem) {
            if (!a.equals(b)) throw new ShapeException(problem.get());
        }
        public Dim resolve(Dim d) { return d; }
        @Override public Shape resolve(Shape s) { return s; }
    };
}
