package dev.matdiff.simplify;

import dev.matdiff.expr.DecimalForm;
import dev.matdiff.expr.DiagonalProducts;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Sums;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

import static dev.matdiff.expr.Exprs.*;

/** Matrix products: identities cancel, powers gather, ones reduce ({@link KronRules} has the Kronecker products, {@link InverseRules} the inverses). The table in {@link Rules} says where each applies. */
final class ProductRules {
    private ProductRules() {}


    static Expr matmulEye(Node n) {
        if (!anyChild(n, a -> is(a, Op.EYE))) return null;
        List<Expr> kept = new ArrayList<>();
        for (Expr a : n.args()) if (!is(a, Op.EYE)) kept.add(a);
        return kept.isEmpty() ? n.arg(0) : matmul(kept);
    }

    static boolean square(Expr e) { return e.shape().rows().equals(e.shape().cols()); }

    /**
     * Tr(Aᵀ(B ⊙ C)) = sum(A ⊙ B ⊙ C), and Tr((B ⊙ C)Aᵀ) likewise, for an element-wise A that shares an atom with B ⊙ C:
     * a softmax's temperature gradient, tr((Y ⊘ P)ᵀ(P ⊙ M)), is sum(Y ⊙ M) once its entries meet.
     */
    static Expr traceOfHadamard(Node n) {
        if (!is(n.arg(0), Op.MATMUL) || n.arg(0).children().size() != 2) return null;
        Expr first = arg(n.arg(0), 0), second = arg(n.arg(0), 1);
        if (is(first, Op.TRANSPOSE) && is(second, Op.HADAMARD) && sharesAnAtom(arg(first, 0), second))
            return sum(hadamard(arg(first, 0), second));
        if (is(second, Op.TRANSPOSE) && is(first, Op.HADAMARD) && sharesAnAtom(arg(second, 0), first))
            return sum(hadamard(first, arg(second, 0)));
        return null;
    }

    /** Whether the element-wise a holds a leaf or name that b holds too. */
    private static boolean sharesAnAtom(Expr a, Expr b) {
        if (!is(a, Op.ELEMDIV) && !is(a, Op.HADAMARD)) return false;
        java.util.Set<Expr> leaves = dev.matdiff.expr.IdentityMaps.set();
        for (Expr e : dev.matdiff.expr.Dag.asWritten(a)) if (e.children().isEmpty() || e instanceof Expr.Named) leaves.add(e);
        for (Expr e : dev.matdiff.expr.Dag.asWritten(b))
            if ((e.children().isEmpty() || e instanceof Expr.Named) && leaves.contains(e) && !is(e, Op.ONES)) return true;
        return false;
    }

    /**
     * Tr(F₁⋯Fₖ) = F_i⋯Fₖ F₁⋯F_{i−1} when F_i has one row: the rotation is 1×1 and is the trace (Tr(x yᵀ) = yᵀx,
     * Tr(A x yᵀ) = yᵀA x), the cyclic property read where it leaves no trace at all.
     */
    static Expr traceRotate(Node n) {
        if (!(n.arg(0) instanceof Node product) || product.op() != Op.MATMUL) return null;
        List<Expr> f = product.args();
        for (int i = 1; i < f.size(); i++) {
            if (f.get(i).shape().rows().isOne()) return matmul(rotated(f, i));
        }
        return null;
    }

    /** The factors F_i⋯Fₖ F₁⋯F_{i−1}: the product turned round to start at its i-th factor, as a trace reads it. */
    static <T> List<T> rotated(List<T> f, int i) {
        List<T> out = new ArrayList<>(f.subList(i, f.size()));
        out.addAll(f.subList(0, i));
        return out;
    }

    /**
     * Tr(A + B) = Tr(A) + Tr(B) where some term's trace is a 1×1 product once rotated: a Gaussian process's
     * Tr(K⁻ᵀ − K⁻ᵀyyᵀK⁻ᵀ) is Tr(K⁻¹) − yᵀK⁻²y, as it is when it is derived alone.
     */
    static Expr traceOfTerms(Node n) {
        if (!is(n.arg(0), Op.ADD)) return null;
        boolean rotates = false;
        for (Expr t : n.arg(0).children()) {
            Expr core = Scaled.of(t).core();
            rotates |= core instanceof Node c && traceRotate((Node) call(Op.TR, c)) != null;
        }
        if (!rotates) return null;
        List<Expr> traces = new ArrayList<>();
        for (Expr t : n.arg(0).children()) traces.add(call(Op.TR, t));
        return add(traces);
    }

    /**
     * A quadratic form is its own transpose, uᵀBᵀu = uᵀBu: taken where that leaves fewer transposes, so it reads
     * yᵀK⁻²y, not yᵀ(K⁻²)ᵀy. (Only with u on both sides: turning xᵀAᵀy into yᵀAx would reorder a derivation's terms.)
     */
    static Expr quadraticFormTransposed(Node n) {
        List<Expr> f = n.args();
        // three factors or more: a pair rᵀ1 is left to the sums' rules, which read it as a mean (2*mean(X*w + b*1 - y))
        if (!n.shape().isScalar() || f.size() < 3 || !is(f.get(0), Op.TRANSPOSE)) return null;
        // the other reading, as scalarRun takes a 1×1 run inside a product
        Expr flipped = SumRules.flipped(n);
        return ScalarRules.transposes(flipped) < ScalarRules.transposes(n) ? flipped : null;
    }

    /**
     * The chain f with its {@code count} factors from {@code from} on replaced by {@code by} (none, one or
     * several): the product, its one factor, or null when nothing is left. Every chain rule rewrites so.
     */
    static Expr replacing(List<Expr> f, int from, int count, List<Expr> by) {
        List<Expr> out = new ArrayList<>(f.subList(0, from));
        out.addAll(by);
        out.addAll(f.subList(from + count, f.size()));
        return out.isEmpty() ? null : out.size() == 1 ? out.get(0) : matmul(out);
    }

    static Expr replacingPair(List<Expr> f, int i, Expr by) { return replacing(f, i, 2, List.of(by)); }

    /**
     * The chain n with its first adjacent pair of factors that {@code pair} rewrites (to non-null) replaced by what it
     * gives, else null: how a rule that reads two neighbours "anywhere in a product" is written.
     */
    static Expr firstPair(Node n, BinaryOperator<Expr> pair) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr by = pair.apply(f.get(i), f.get(i + 1));
            if (by != null) return replacingPair(f, i, by);
        }
        return null;
    }

    /**
     * diag(u)·diag(v) = diag(u ⊙ v): a Hessian's diag(w)·diag(1 ⊘ u)·diag(w) is one diagonal, diag(w.^2 ⊘ u). Every run of
     * diagonals at once: one pair a firing had each firing's other rules read the whole chain again, a deep Hessian's
     * chains of k diagonals k times.
     */
    static Expr diagProduct(Node n) {
        List<Expr> out = new ArrayList<>();
        for (Expr f : n.args()) {
            Expr last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && DiagonalProducts.diagonal(last) && DiagonalProducts.diagonal(f))
                out.set(out.size() - 1, call(Op.DIAG_MATRIX, hadamard(arg(last, 0), arg(f, 0))));
            else out.add(f);
        }
        return out.size() == n.arity() ? null : out.size() == 1 ? out.get(0) : matmul(out);
    }

    /** diag(v)·w = v ⊙ w and wᵀ·diag(v) = (v ⊙ w)ᵀ: the n×n diagonal was only there to scale a vector. */
    static Expr diagTimesVector(Node n) {
        return firstPair(n, (a, b) -> DiagonalProducts.diagonal(a) && column(b) ? hadamard(arg(a, 0), b)
                : DiagonalProducts.diagonal(b) && is(a, Op.TRANSPOSE) && column(arg(a, 0)) ? transpose(hadamard(arg(b, 0), arg(a, 0)))
                // a block of ones: diag(v)·1 = v1ᵀ, 1·diag(v) = 1vᵀ, the broadcasts a mask of rows or columns is
                : DiagonalProducts.diagonal(a) && is(b, Op.ONES) ? mul(arg(a, 0), ones(new Shape(Dim.ONE, b.shape().cols())))
                : DiagonalProducts.diagonal(b) && is(a, Op.ONES) ? mul(ones(Shape.vector(a.shape().rows())), transpose(arg(b, 0))) : null);
    }

    /**
     * uᵀ(v ⊘ u) = (v ⊘ u)ᵀu = sum(v) for columns u, v: the entries' quotients weighted by their divisors. What a
     * softmax's Jacobian makes of a gradient q ⊘ p (distillation's KL divergence): pᵀ(q ⊘ p) = sum(q).
     */
    static Expr innerQuotient(Node n) {
        return firstPair(n, (a, b) -> {
            if (!is(a, Op.TRANSPOSE)) return null;
            Expr u = arg(a, 0);
            if (column(u) && is(b, Op.ELEMDIV) && arg(b, 1) == u && column(arg(b, 0))) return sum(arg(b, 0));
            if (column(b) && is(u, Op.ELEMDIV) && arg(u, 1) == b && column(arg(u, 0))) return sum(arg(u, 0));
            return null;
        });
    }

    private static boolean column(Expr e) { return e.shape().isColumn() && !e.shape().isScalar(); }

    /**
     * Sᵀ(A ⊗ B)S = A ⊙ B for m×m A and B, where S = diag(vec(I))(1 ⊗ I) takes v to vec(diag(v)):
     * the Hessian of a function of diag(v) (D-optimal design's −logdet(Xᵀdiag(w)X) gives P ⊙ P)
     * without its m²×m² middle.
     */
    static Expr selectionKron(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 4 < f.size(); i++) {
            Expr k = f.get(i + 2);
            if (!is(k, Op.KRON)) continue;
            Expr a = arg(k, 0), b = arg(k, 1);
            Dim m = a.shape().rows();
            if (!square(a) || !b.shape().equals(a.shape())) continue;
            if (selection(f.get(i + 4), f.get(i + 3), m) && selection(transposedOnes(f.get(i)), f.get(i + 1), m)) {
                return replacing(f, i, 5, List.of(hadamard(a, b)));
            }
        }
        for (int i = 0; i + 3 < f.size(); i++) {
            Expr weighted = BlockSelectors.weightedSelection(f, i);
            if (weighted != null) return weighted;
        }
        return null;
    }

    /** kron(1ᵀ, I)·diag(vec(I)): Sᵀ, which takes a square matrix's diagonal from its vec. */
    static boolean leftSelection(Expr kron, Expr diag, Dim m) { return selection(transposedOnes(kron), diag, m); }

    /** kron(1, I) (m²×m) after diag(vec(I)): S. */
    static boolean selection(Expr kron, Expr diag, Dim m) {
        return kron != null && is(kron, Op.KRON) && is(arg(kron, 0), Op.ONES) && arg(kron, 0).shape().equals(Shape.vector(m))
                && is(arg(kron, 1), Op.EYE) && arg(kron, 1).shape().rows().equals(m)
                && is(diag, Op.DIAG_MATRIX) && is(arg(diag, 0), Op.VEC) && is(arg(arg(diag, 0), 0), Op.EYE)
                && arg(arg(diag, 0), 0).shape().rows().equals(m);
    }

    /** kron(1ᵀ, I) read as kron(1, I), or null. */
    private static Expr transposedOnes(Expr kron) {
        if (!is(kron, Op.KRON) || !is(arg(kron, 0), Op.ONES) || !arg(kron, 0).shape().rows().isOne()) return null;
        return kron(ones(arg(kron, 0).shape().transposed()), arg(kron, 1));
    }

    static Expr matmulPower(Node n) {
        List<Expr> out = new ArrayList<>();
        SymbolPower last = null;
        boolean merged = false;
        for (Expr f : n.args()) {
            SymbolPower p = SymbolPower.of(f), both = p == null || last == null ? null : last.times(p);
            if (both != null) {
                last = both;
                out.set(out.size() - 1, last.build());
                merged = true;
                continue;
            }
            out.add(f);
            last = p;
        }
        return merged ? matmul(out) : null;
    }

    /** A factor as a power: a symbol or name X is (X, 1), inv(A) is (A, −1) and (A^k)ᵀ is (A, k, transposed) for any A. */
    record SymbolPower(Expr base, int exponent, boolean transposed) {
        static SymbolPower of(Expr f) {
            boolean t = is(f, Op.TRANSPOSE);
            Expr e = t ? arg(f, 0) : f;
            if (e instanceof Expr.Var || e instanceof Expr.Named) return new SymbolPower(e, 1, t);
            // an inverse or power of any expression: inv(XᵀX + λI)·inv(XᵀX + λI) is (XᵀX + λI)⁻², as the textbook writes it
            if (is(e, Op.INV)) return new SymbolPower(arg(e, 0), -1, t);
            if (is(e, Op.POWER)) return new SymbolPower(arg(e, 0), (int) ((Node) e).param(), t);
            return null;
        }

        /** This times o, a power of the same base the same way round; null for another base. */
        SymbolPower times(SymbolPower o) {
            return o.base == base && o.transposed == transposed ? new SymbolPower(base, exponent + o.exponent, transposed) : null;
        }

        Expr build() {
            Expr p = exponent == 0 ? eye(base.shape().rows()) : power(base, exponent);
            return transposed ? transpose(p) : p;
        }
    }

    static Expr onesLinear(Node n) {
        return switch (n.op()) {
            case DIAG_VECTOR, VEC, UNVEC -> is(n.arg(0), Op.ONES) ? ones(n.shape()) : null;
            case MATMUL -> {
                List<Expr> f = n.args();
                for (int i = 0; i + 1 < f.size(); i++) {
                    // an outer product of ones, and through an inner dimension k, k·1 (its size, sum(ones(k)))
                    if (is(f.get(i), Op.ONES) && is(f.get(i + 1), Op.ONES)) {
                        Dim k = f.get(i).shape().cols();
                        Shape s = new Shape(f.get(i).shape().rows(), f.get(i + 1).shape().cols());
                        Expr product = k.isOne() ? ones(s) : s.isScalar() ? size(k, Dim.ONE) : scale(size(k, Dim.ONE), ones(s));
                        yield replacingPair(f, i, product);
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    static Expr onesSum(Node n) {
        if (!n.shape().isScalar()) return null;
        Expr first = n.arg(0), last = n.arg(n.args().size() - 1);
        boolean onesRow = is(first, Op.ONES) || is(first, Op.TRANSPOSE) && is(arg(first, 0), Op.ONES);
        if (onesRow) return sum(matmul(n.args().subList(1, n.args().size())));
        // vᵀ1 = sum(v): the row's entries summed, written as the sum of the column it transposes
        if (is(last, Op.ONES)) return sum(transposed(matmul(n.args().subList(0, n.args().size() - 1))));
        return null;
    }

    /** sum(S, 1)ᵀ = sum(S, 2) for a symmetric S (GPML's ARD gradient has sum(G, 2) + sum(G, 1)ᵀ = 2 sum(G, 2)). */
    static Expr columnSumsOfSymmetric(Node n) {
        Expr s = is(n.arg(0), Op.SUM_COLUMNS) ? arg(n.arg(0), 0) : null;
        return s != null && !s.shape().isScalar() && Symmetry.isSymmetric(s) ? call(Op.SUM_ROWS, s) : null;
    }

    /** The column sums of diag(v) are vᵀ, its row sums v, its sum sum(v). */
    static Expr sumDiag(Node n) {
        if (!is(n.arg(0), Op.DIAG_MATRIX) || !arg(n.arg(0), 0).shape().isColumn()) return null;
        Expr v = arg(n.arg(0), 0);
        return switch (n.op()) {
            case SUM_COLUMNS -> transpose(v);
            case SUM_ROWS -> v;
            default -> sum(v);
        };
    }

    /**
     * det(A⁻¹) = 1/det(A), det(Aᵏ) = det(A)ᵏ and det(AᵀA) = det(AAᵀ) = det(A)² for a square A, log|det| likewise
     * (Cookbook (18), (19), (20)); X·X is X² already
     * (matmul-power), so d det(X·X) is 2 det(X)² X⁻ᵀ, which a singular X still evaluates.
     */
    static Expr detOfPower(Node n) {
        Expr a = n.arg(0);
        boolean det = n.op() == Op.DET;
        if (is(a, Op.INV)) return det ? div(ONE, call(Op.DET, arg(a, 0))) : neg(call(Op.LOGDET, arg(a, 0)));
        Expr base = is(a, Op.POWER) ? arg(a, 0) : squareGramFactor(a);
        if (base == null) return null;
        int k = is(a, Op.POWER) ? (int) ((Node) a).param() : 2;
        return det ? power(call(Op.DET, base), k) : scale(num(k), call(Op.LOGDET, base));
    }

    /**
     * det(aA) = aⁿ det(A) for a scalar a and A n×n of a whole-number size (kron(A, x) of a 1×1 x is x·A): a number's power
     * only where it stays a small exact one, det(2X) = 4 det(X) for a 2×2 X, not 2³⁰⁰ det(X).
     */
    static Expr detOfScaled(Node n) {
        Expr a = n.arg(0);
        if (!is(a, Op.SCALE) || !arg(a, 0).shape().isScalar() || !(arg(a, 1).shape().rows() instanceof Dim.Fixed k)) return null;
        Expr c = arg(a, 0), ck = power(c, k.size());
        if (c instanceof Expr.Num v) {
            double value = Math.pow(v.value(), k.size());
            if (!(Math.abs(value) <= 64 && Math.abs(value) >= 1.0 / 64) || !DecimalForm.isShort(value, 6)) return null;
            ck = num(value);
        }
        return mul(ck, call(Op.DET, arg(a, 1)));
    }

    /** X for XᵀX or XXᵀ with X square, whose determinant is det(X)²; else null (a rectangular X's Gram has no such split). */
    private static Expr squareGramFactor(Expr a) {
        if (!is(a, Op.MATMUL) || a.children().size() != 2) return null;
        Expr l = arg(a, 0), r = arg(a, 1);
        Expr x = is(l, Op.TRANSPOSE) && arg(l, 0) == r ? r : is(r, Op.TRANSPOSE) && arg(r, 0) == l ? l : null;
        return x != null && x.shape().rows().equals(x.shape().cols()) ? x : null;
    }

    /** sum(A ⊙ A⁻ᵀ) = Tr(A A⁻¹) = n, in either order: d det(aX)/da as n det(aX)/a. */
    static Expr sumInverseHadamard(Node n) {
        if (!is(n.arg(0), Op.HADAMARD) || ((Node) n.arg(0)).arity() != 2) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        return inverseTransposeOf(b, a) || inverseTransposeOf(a, b) ? size(a.shape().rows(), Dim.ONE) : null;
    }

    /** Whether t is A⁻ᵀ. */
    private static boolean inverseTransposeOf(Expr t, Expr a) { return is(t, Op.TRANSPOSE) && is(arg(t, 0), Op.INV) && arg(arg(t, 0), 0) == a; }

    /** sum(1_{m×n}, 2) = n 1_m, sum(1_{m×n}, 1) = m 1ᵀ_n, and the sums of I are ones. */
    static Expr sumsOfOnes(Node n) {
        if (n.op() == Op.SUM) return null;
        if (is(n.arg(0), Op.EYE)) return ones(n.shape());
        if (!is(n.arg(0), Op.ONES)) return null;
        Shape s = n.arg(0).shape();
        return scale(n.op() == Op.SUM_ROWS ? size(Dim.ONE, s.cols()) : size(s.rows(), Dim.ONE), ones(n.shape()));
    }

    /** The column sums of an outer product u vᵀ are sum(u) vᵀ, its row sums u sum(v). */
    static Expr sumOuter(Node n) {
        if (!is(n.arg(0), Op.MATMUL) || n.arg(0).children().size() != 2) return null;
        Expr u = arg(n.arg(0), 0), vt = arg(n.arg(0), 1);
        if (!u.shape().isColumn() || !vt.shape().rows().isOne() || u.shape().isScalar() || vt.shape().isScalar()) return null;
        return n.op() == Op.SUM_COLUMNS ? scale(sum(u), vt) : scale(sum(vt), u);
    }

    /**
     * sum(A B, 2) = A sum(B, 2) and sum(A B, 1) = sum(A, 1) B: the ones vector that sums rows meets the last
     * factor first (a matrix times a vector, never the whole product), as the Gaussian mean's gradient is written.
     */
    static Expr sumOfProduct(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = n.arg(0).children();
        int end = n.op() == Op.SUM_ROWS ? f.size() - 1 : 0;  // the factor the ones vector meets
        Expr factor = f.get(end);
        if (n.op() == Op.SUM_ROWS ? factor.shape().cols().isOne() : factor.shape().rows().isOne()) return null;
        return replacing(f, end, 1, List.of(call(n.op(), factor)));
    }

    /** sum(X ⊙ I) = Tr(X). */
    static Expr sumDiagonal(Node n) {
        if (!is(n.arg(0), Op.HADAMARD)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        if (is(b, Op.EYE)) return tr(a);
        if (is(a, Op.EYE)) return tr(b);
        return null;
    }

    /** 1ᵀA = sum(A, 1): a row of ones in a product takes the column sums of what it multiplies. */
    static Expr onesColumnSums(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr a = f.get(i), b = f.get(i + 1);
            boolean onesRow = Sums.onesLine(a, true), onesColumn = Sums.onesLine(b, false);
            Expr sums;
            if (onesRow && !is(b, Op.ONES) && !b.shape().cols().isOne()) sums = call(Op.SUM_COLUMNS, b);
            else if (onesColumn && !is(a, Op.ONES) && !a.shape().rows().isOne()) sums = call(Op.SUM_ROWS, a);
            else continue;
            return replacingPair(f, i, sums);
        }
        return null;
    }

    /** 1_{k×n} v = sum(v) 1_k and uᵀ 1_{m×n} = sum(u) 1ᵀ_n: each entry of the product is the same sum. */
    static Expr onesTimesVector(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr a = f.get(i), b = f.get(i + 1);
            boolean onesA = is(a, Op.ONES) && !a.shape().cols().isOne(), onesB = is(b, Op.ONES) && !b.shape().rows().isOne();
            if (onesA && !onesB && b.shape().cols().isOne() && !a.shape().rows().isOne())
                return replacingPair(f, i, scale(sum(b), ones(Shape.vector(a.shape().rows()))));
            if (onesB && !onesA && a.shape().rows().isOne() && !b.shape().cols().isOne())
                return replacingPair(f, i, scale(sum(is(a, Op.TRANSPOSE) ? arg(a, 0) : a), ones(new Shape(Dim.ONE, b.shape().cols()))));
        }
        return null;
    }


    /** sum(Aᵀ, 1) = sum(A, 2)ᵀ and sum(Aᵀ, 2) = sum(A, 1)ᵀ: one form for a matrix's row sums, whichever way it was read. */
    static Expr sumsOfTranspose(Node n) {
        if (!is(n.arg(0), Op.TRANSPOSE)) return null;
        return transpose(call(n.op() == Op.SUM_COLUMNS ? Op.SUM_ROWS : Op.SUM_COLUMNS, arg(n.arg(0), 0)));
    }

    /**
     * (Aᵖ)^q = A^(pq) while |pq| is an exponent the language reads: (A^256)^128 stays nested, since the differential of
     * A^32768 would have a term for each factor where the nested one shares d(A^256).
     */
    static Expr powerOfPower(Node n) {
        if (!is(n.arg(0), Op.POWER)) return null;
        long k = (long) ((Node) n.arg(0)).param() * (long) n.param();
        return Math.abs(k) > MAX_MATRIX_POWER ? null : power(arg(n.arg(0), 0), (int) k);
    }
}
