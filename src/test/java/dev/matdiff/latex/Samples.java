package dev.matdiff.latex;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.calculus.Note;
import dev.matdiff.calculus.Stage;
import dev.matdiff.calculus.Step.Phase;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.VarKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.matdiff.expr.Exprs.add;
import static dev.matdiff.expr.Exprs.call;
import static dev.matdiff.expr.Exprs.diff;
import static dev.matdiff.expr.Exprs.matmul;
import static dev.matdiff.expr.Exprs.mul;
import static dev.matdiff.expr.Exprs.num;
import static dev.matdiff.expr.Exprs.sub;
import static dev.matdiff.expr.Exprs.tr;
import static dev.matdiff.expr.Exprs.transpose;

/** Hand-built expressions and derivations, as the engine would produce them, for the LaTeX tests. */
final class Samples {
    private Samples() {}

    static final Dim M = new Dim.Sym("m"), N = new Dim.Sym("n"), K = new Dim.Sym("k");

    static Expr.Var matrix(String name, Dim rows, Dim cols) {
        return Exprs.var(name, new Shape(rows, cols), VarKind.MATRIX, false);
    }

    static Expr.Var vector(String name, Dim n) { return Exprs.var(name, Shape.vector(n), VarKind.VECTOR, false); }

    static Expr.Var scalar(String name) { return Exprs.var(name, Shape.SCALAR, VarKind.SCALAR, false); }

    static Expr.Var square(String name, Dim n) { return matrix(name, n, n); }

    private static Step step(Phase phase, String lhs, Expr e, Law... laws) {
        return new Step(phase, lhs(lhs), e, List.of(laws), Note.NONE, Stage.WHOLE, List.of());
    }

    /** "dL" is the differential of L, "∇_w L" and "∇_{z_1} L" gradients of L. */
    static Lhs lhs(String text) {
        if (text.startsWith("d")) return new Lhs.Differential(text.substring(1));
        if (!text.contains(" ")) return new Lhs.GradientSymbol(text.substring(1));
        String wrt = text.substring(2, text.indexOf(' ')).replace("{", "").replace("}", "");
        return new Lhs.Gradient(text.substring(text.indexOf(' ') + 1), wrt);
    }

    /** Chen 2023, Example 3.1: L = (Xw − y)ᵀ(Xw − y), with respect to w. */
    static Derivation linearRegression() {
        Expr.Var x = matrix("X", M, N), w = vector("w", N), y = vector("y", M);
        Expr r = sub(mul(x, w), y);
        Expr dw = diff(w);
        Expr xdw = mul(x, dw);
        Expr g = mul(num(2), mul(transpose(x), r));
        List<Step> steps = List.of(
                step(Phase.DIFFERENTIALS, "dL", diff(mul(transpose(r), r))),
                step(Phase.DIFFERENTIALS, "dL", add(mul(transpose(diff(r)), r), mul(transpose(r), diff(r))),
                        Law.D_PRODUCT, Law.D_TRANSPOSE),
                step(Phase.DIFFERENTIALS, "dL", add(mul(transpose(xdw), r), mul(transpose(r), xdw)),
                        Law.D_SUM, Law.D_PRODUCT, Law.D_CONSTANT),
                step(Phase.TRACE, "dL", add(tr(mul(transpose(xdw), r)), tr(mul(transpose(r), xdw))),
                        Law.TR_SCALAR, Law.TR_SUM),
                step(Phase.TRACE, "dL", add(tr(mul(transpose(r), xdw)), tr(mul(transpose(r), xdw))),
                        Law.TR_TRANSPOSE, Law.TR_CYCLIC),
                step(Phase.TRACE, "dL", tr(mul(transpose(g), dw)), Law.TR_SUM),
                step(Phase.GRADIENT, "∇_w L", g, Law.READ_OFF));
        return new Derivation("L", mul(transpose(r), r), List.of(w), steps, Map.of("w", g));
    }

    /**
     * A differential with many terms, inside and outside a trace, so its lines must break; and a
     * gradient with many terms, so its box must too.
     */
    static Derivation longSums() {
        Dim n = N;
        Expr.Var x = square("X", n);
        List<Expr> terms = new ArrayList<>(), traced = new ArrayList<>(), gradient = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            Expr a = square("A" + i, n), b = square("B" + i, n);
            terms.add(matmul(List.of(a, diff(x), b)));
            traced.add(matmul(List.of(b, a, diff(x))));
            gradient.add(matmul(List.of(transpose(a), transpose(b))));
        }
        Expr objective = add(terms.stream().map(t -> tr(matmul(List.of(t.children().get(0), x, t.children().get(2))))).toList());
        Expr g = add(gradient);
        List<Step> steps = List.of(
                step(Phase.DIFFERENTIALS, "dL", add(terms.stream().map(Exprs::tr).toList()), Law.D_TRACE, Law.D_PRODUCT, Law.D_CONSTANT),
                step(Phase.TRACE, "dL", tr(add(traced)), Law.TR_CYCLIC, Law.TR_SUM),
                step(Phase.TRACE, "dL", tr(matmul(List.of(transpose(g), diff(x)))), Law.TR_TRANSPOSE),
                step(Phase.GRADIENT, "∇_X L", g, Law.READ_OFF));
        return new Derivation("L", objective, List.of(x), steps, Map.of("X", g));
    }

    /**
     * Greek and subscripted names, named intermediates and staged gradients, in the manner of
     * Chen 2023, Example 3.4.
     */
    static Derivation greekAndSubscripts() {
        Dim n = N, m = M;
        Expr.Var w1 = matrix("W1", m, n), x = vector("x_0", n), b = vector("b_hat", m), sigma = square("Sigma", m);
        Expr.Var lambda = scalar("lambda"), mu = vector("mu", m);
        Expr h = Exprs.named("h12", add(mul(w1, x), b));
        Expr z = Exprs.named("z_1", call(Op.SIGMOID, h));
        Expr dev = sub(z, mu);
        Expr objective = add(List.of(
                mul(transpose(dev), mul(Exprs.inv(sigma), dev)),
                mul(lambda, call(Op.SQNORM, w1)),
                call(Op.LOGDET, sigma)));
        Expr gz = mul(num(2), mul(Exprs.inv(sigma), dev));
        Expr sp = Exprs.hadamard(z, sub(Exprs.ones(Shape.vector(m)), z));
        Expr gh = Exprs.hadamard(gz, sp);
        Expr gw = add(mul(gh, transpose(x)), mul(mul(num(2), lambda), w1));
        Expr si = Exprs.inv(sigma);
        Expr gs = sub(transpose(si), matmul(List.of(transpose(si), dev, transpose(dev), transpose(si))));
        List<Step> steps = List.of(
                step(Phase.DIFFERENTIALS, "dL", add(List.of(
                        mul(num(2), mul(transpose(dev), mul(si, diff(z)))),
                        Exprs.neg(matmul(List.of(transpose(dev), si, diff(sigma), si, dev))),
                        mul(lambda, diff(call(Op.SQNORM, w1))),
                        tr(mul(si, diff(sigma))))), Law.D_PRODUCT, Law.D_INVERSE, Law.D_LOGDET, Law.D_DEFINITION),
                step(Phase.DIFFERENTIALS, "dz_1", Exprs.hadamard(sp, diff(h)), Law.D_ELEMENTWISE),
                step(Phase.TRACE, "dL", tr(mul(transpose(gz), diff(z))), Law.TR_SCALAR, Law.TR_CYCLIC),
                step(Phase.GRADIENT, "∇z_1", gz, Law.READ_OFF),
                step(Phase.GRADIENT, "∇h12", gh, Law.TR_HADAMARD, Law.READ_OFF),
                step(Phase.GRADIENT, "∇_{W1} L", gw, Law.READ_OFF),
                step(Phase.GRADIENT, "∇_{Sigma} L", gs, Law.READ_OFF));
        Map<String, Expr> gradients = new LinkedHashMap<>();
        gradients.put("W1", gw);
        gradients.put("Sigma", gs);
        return new Derivation("L", objective, List.of(w1, sigma), steps, gradients);
    }

    /**
     * Forty steps of long sums of products of wide, subscripted, transposed and inverted factors,
     * drawn with a fixed seed: more than a page, and a test of the width estimate on many shapes.
     */
    static Derivation manyLongSteps() {
        Random r = new Random(7);
        String[] names = {"W", "M", "Sigma", "Omega", "W_out", "H12", "loss", "Q"};
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            List<Expr> terms = new ArrayList<>();
            for (int i = 3 + r.nextInt(30); i > 0; i--) {
                List<Expr> factors = new ArrayList<>();
                for (int j = 1 + r.nextInt(4); j > 0; j--) {
                    Expr v = square(names[r.nextInt(names.length)] + (r.nextInt(3) == 0 ? "" : r.nextInt(120)), N);
                    switch (r.nextInt(6)) {
                        case 0 -> v = transpose(v);
                        case 1 -> v = Exprs.inv(v);
                        case 2 -> v = transpose(Exprs.inv(v));
                        case 3 -> v = diff(v);
                        default -> { }
                    }
                    factors.add(v);
                }
                Expr t = matmul(factors);
                if (r.nextInt(4) == 0) t = mul(num(r.nextInt(9) + 2), t);
                if (r.nextInt(5) == 0) t = Exprs.hadamard(t, square("Lambda", N));
                if (r.nextInt(3) == 0) t = Exprs.neg(t);
                terms.add(t);
            }
            Expr e = add(terms);
            if (r.nextBoolean()) e = tr(mul(transpose(square("G", N)), e));
            else e = add(tr(e), tr(square("B", N)));
            steps.add(step(k % 3 == 0 ? Phase.DIFFERENTIALS : Phase.TRACE, k % 2 == 0 ? "Tr(dL)" : "dL", e,
                    Law.values()[r.nextInt(Law.values().length)]));
        }
        return new Derivation("L", scalar("a"), List.of(), steps, Map.of());
    }

    /** One step per law, each citing it alone, so every law's label and statement is typeset. */
    static Derivation everyLaw() {
        Expr.Var x = square("X", N);
        List<Step> steps = new ArrayList<>();
        for (Law law : Law.values())
            steps.add(new Step(Phase.TRACE, lhs("dL"), tr(mul(transpose(x), diff(x))), List.of(law), Note.NONE, Stage.WHOLE, List.of()));
        steps.add(new Step(Phase.TRACE, lhs("dL"), tr(mul(transpose(x), diff(x))), List.of(Law.values()),
                new Note.Words("X, y constant; every law at once"), Stage.WHOLE, List.of()));
        return new Derivation("L", mul(num(0.5), call(Op.SQNORM, x)), List.of(x), steps, Map.of("X", x));
    }

    /** One expression per operation, so every case of the printer is typeset. */
    static List<Expr> everyOperation() {
        Expr.Var a = square("A", N), b = square("B", N), x = vector("x", N), s = scalar("s");
        Expr.Var big = matrix("P", M, K);
        List<Expr> out = new ArrayList<>(List.of(
                add(a, b), sub(a, b), Exprs.neg(a), mul(a, b), mul(s, a), Exprs.div(a, s),
                Exprs.hadamard(a, b), Exprs.elemDiv(a, b), Exprs.kron(a, b), transpose(a),
                Exprs.power(a, 3), Exprs.elemPow(a, 0.5), Exprs.elemPow(s, 2),
                tr(a), call(Op.DET, a), call(Op.LOGDET, a), Exprs.sum(a), call(Op.NORM, a), call(Op.NORM, x),
                call(Op.SQNORM, a), call(Op.NORM1, a), call(Op.LOGSUMEXP, x),
                Exprs.inv(a), call(Op.SOFTMAX, x), Exprs.diag(x), Exprs.diag(a), call(Op.VEC, a),
                Exprs.unvec(call(Op.VEC, a), Shape.square(N)),
                Exprs.call2(Op.CONV, big, a),
                Exprs.kronBlocks(Exprs.kron(a, b), b, Shape.square(N)),
                Exprs.blockSum(Exprs.kron(a, b), a, Shape.square(N)),
                Exprs.ones(Shape.vector(N)), Exprs.ones(new Shape(M, N)), Exprs.eye(N), diff(a)));
        for (Op op : Op.values())
            if (op.isElementwise()) out.add(call(op, x));
        return out;
    }
}
