package dev.matdiff;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.check.AssumedData;
import dev.matdiff.check.DerivativeCheck;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.data.ProgramData;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.numeric.Numbers;
import dev.matdiff.shapes.Program;
import dev.matdiff.shapes.Typer;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Parser;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library's front door.
 * <pre>{@code
 * MatDiff m = MatDiff.parse("matrix X(m, n); vector w(n), y(m)\nL = (X*w - y)'*(X*w - y)");
 * Derivation d = m.derive("w");
 * Expr g = d.gradient("w");          // 2*X'*(X*w - y), an immutable expression
 * }</pre>
 * Every bad input throws {@link dev.matdiff.source.MatDiffException} with its source position.
 */
public final class MatDiff {
    private final Program program;

    private MatDiff(Program program) { this.program = program; }

    /** A program: declarations, definitions, the last definition being the objective. */
    public static MatDiff parse(String text) { return parse(new Source("<input>", text)); }

    public static MatDiff parse(Source source) {
        return guarded(() -> new MatDiff(checked(Typer.type(source, Parser.parse(source), false))));
    }

    /**
     * A one-line expression, as on MatrixCalculus.org: undeclared names take their kind from their
     * first letter (a–g scalars, h–z vectors, A–Z matrices); declarations before it may override.
     */
    public static MatDiff parseExpression(String text) { return parseExpression(new Source("<expr>", text)); }

    public static MatDiff parseExpression(Source source) {
        return guarded(() -> new MatDiff(checked(Typer.type(source, Parser.parse(source), true))));
    }

    private static Program checked(Program program) {
        dev.matdiff.numeric.Constants.check(program);
        return program;
    }

    public Program program() { return program; }

    /**
     * The gradient of the program's objective with respect to each named variable; with none named, those of the
     * {@code # wrt:} comment, else every symbol of the objective neither declared constant nor assumed about (as the command line does).
     */
    public Derivation derive(String... wrt) { return derive(null, List.of(wrt)); }

    /** @param objective a definition's name, or null for the last one */
    public Derivation derive(String objective, List<String> wrt) { return guarded(() -> Deriver.derive(program, objective, wrt)); }

    /** @param mode staged through the named intermediates (the default), or expanded in one derivation */
    public Derivation derive(String objective, List<String> wrt, Deriver.Mode mode) {
        return guarded(() -> Deriver.derive(program, objective, wrt, mode));
    }

    /** How to derive, and how much of the derivation to print (limits of passes and terms). */
    public Derivation derive(String objective, List<String> wrt, Deriver.Options options) {
        return guarded(() -> Deriver.derive(program, objective, wrt, options));
    }

    /**
     * The numbers of a derivation at a point: the objective's value (in its shape), and each
     * result of {@link Derivation#results()} by kind ("gradient", "jacobian", "hessian",
     * "hessian_vector_product"), keyed by variable in the order asked for.
     */
    public record Evaluation(RealMatrix values, Map<String, Map<String, RealMatrix>> derivatives) {
        /** The value of a scalar objective. */
        public double value() {
            if (values.getRowDimension() != 1 || values.getColumnDimension() != 1)
                throw new IllegalStateException("the objective is " + values.getRowDimension() + "×" + values.getColumnDimension()
                        + ", not a scalar: use values()");
            return values.getEntry(0, 0);
        }

        public Map<String, RealMatrix> gradients() { return derivatives.getOrDefault("gradient", Map.of()); }

        public Map<String, RealMatrix> jacobians() { return derivatives.getOrDefault("jacobian", Map.of()); }

        public Map<String, RealMatrix> hessians() { return derivatives.getOrDefault("hessian", Map.of()); }
    }

    /**
     * Evaluates a derivation of this program at the values given for its symbols (dimension
     * symbols are bound from their shapes; intermediates asked for as variables are computed).
     * The values must satisfy the program's assumptions.
     */
    public Evaluation evaluate(Derivation d, Map<String, RealMatrix> values) { return evaluate(d, values, 1); }

    /**
     * As {@link #evaluate(Derivation, Map)}, with large products on {@code threads} cores: split here
     * when the native BLAS runs one thread ({@code OPENBLAS_NUM_THREADS=1}), else left to its own
     * threads, whose number only the environment the JVM starts in can set.
     */
    public Evaluation evaluate(Derivation d, Map<String, RealMatrix> values, int threads) {
        Bindings at = ProgramData.bind(program, d.objectiveAndGradients(), new Data(values, Map.of()));
        AssumedData.check(at, d.assumptions());
        return evaluate(d, at, threads);
    }

    /** The same at bound values (the CLI binds them itself, to point into the data file). */
    public static Evaluation evaluate(Derivation d, Bindings at) { return evaluate(d, at, 1); }

    public static Evaluation evaluate(Derivation d, Bindings at, int threads) {
        Map<Derivation.Result, Expr> evaluated = new LinkedHashMap<>();
        // in numerator layout the result is the gradient transposed; the numbers are the gradient's
        for (Derivation.Result r : d.results()) evaluated.put(r, r.lhs() instanceof Lhs.Numerator ? d.gradient(r.variable()) : r.expr());
        List<Expr> all = new java.util.ArrayList<>(List.of(d.objective()));
        all.addAll(evaluated.values());
        Evaluator e = new Evaluator(at, threads);
        try {
            e.values(all);  // together: their products ordered and shared as one
        } catch (NumericException failed) {
            e = new Evaluator(at, threads);  // one by one, so that the error names the first value that fails
        }
        RealMatrix value = e.value(d.objective());
        Map<String, Map<String, RealMatrix>> out = new LinkedHashMap<>();
        for (var entry : evaluated.entrySet()) {
            Derivation.Result r = entry.getKey();
            Expr expr = entry.getValue();
            Lhs lhs = r.lhs() instanceof Lhs.Numerator ? new Lhs.Gradient(d.objectiveName(), r.variable()) : r.lhs();
            try {
                RealMatrix m = e.value(expr);
                out.computeIfAbsent(r.kind(), k -> new LinkedHashMap<>()).put(r.variable(), r.kind().equals("hessian") ? symmetric(m) : m);
            } catch (NumericException x) {
                // "cannot be evaluated", not "is not defined": det's Hessian exists at a singular X, its formula with inv(X) does not
                String v = value.getRowDimension() == 1 && value.getColumnDimension() == 1 ? " = " + Numbers.format(value.getEntry(0, 0)) : " is defined";
                throw x.withMessage(d.objectiveName() + v + " at this point, but its " + r.kind().replace('_', '-') + " " + lhs.text() + " = "
                        + TextPrinter.print(expr) + " cannot be evaluated there: " + x.getMessage());
            }
        }
        return new Evaluation(value, out);
    }

    /**
     * A Hessian's mirrored entries, which its formula computes along two paths, made one number: their mean (a rounding
     * apart, 5e-17 in a logistic regression's, they made H == Hᵀ false where CLI.md says symmetric: trial s76b). Entries
     * further apart than rounding are left as they are: a wrong formula is not hidden (review s76r).
     */
    private static RealMatrix symmetric(RealMatrix h) {
        RealMatrix averaged = dev.matdiff.linalg.Triangles.averagedIfNearlySymmetric(h, Bindings.SYMMETRY_TOLERANCE);
        return averaged == null ? h : averaged;
    }

    /**
     * Compares a derivation's gradients with finite differences at a random point: dimension
     * sizes from {@code dims} (defaults for the rest), data drawn from {@code seed} (smaller or
     * positive data where f is undefined there). Passed, failed, or inconclusive when the
     * differences cannot decide ({@link GradientCheck#verify}).
     */
    public GradientCheck.Result check(Derivation d, Map<String, Integer> dims, long seed) {
        return RandomData.atRandomPoint(d, dims, seed, at -> DerivativeCheck.verify(d, at, seed));
    }

    /**
     * Deeply nested input needs a deep stack (the command line runs on a 2 GB one): on a smaller
     * stack it is refused as bad input rather than ending in a StackOverflowError.
     */
    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StackOverflowError e) {
            throw new dev.matdiff.source.MatDiffException("the input is nested too deeply for this thread's stack "
                    + "(run matdiff on a thread with a larger stack, as its command line does)", dev.matdiff.source.Pos.NONE);
        }
    }
}
