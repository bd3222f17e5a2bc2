package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.exception.OutOfRangeException;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * Σ c·kron(op(A), op(B)) kept as its factors. A product with it never forms it: for a p_A·p_B-row kron(A, B) and a
 * vector v, kron(A, B)·v is A·W·Bᵀ read row by row, W being v read as a q_A×q_B matrix row by row (the vec trick),
 * two small products where the formed kron would cost p_A·p_B·q_A·q_B. A quadratic form x'·kron(A, B)·x at q_A = 256,
 * q_B = 4 is so 1,000 times cheaper. Anything else that reads it sees its entries, or the array they form.
 */
public final class KronSum extends InParts {
    /** Below this many entries a kron is an ordinary array: forming it costs less than any saving. */
    static final long MIN_ENTRIES = 1L << 14;

    /**
     * c·kron(op(a), op(b)), op the transpose where the flag says so; size is max|a|·max|b| where known when it was made
     * (NaN where not), so that the evaluator's check of every value does not read the factors again.
     */
    record Term(double c, RealMatrix a, boolean ta, RealMatrix b, boolean tb, double size) {
        Term(double c, RealMatrix a, boolean ta, RealMatrix b, boolean tb) { this(c, a, ta, b, tb, Double.NaN); }
        int pa() { return ta ? a.getColumnDimension() : a.getRowDimension(); }
        int qa() { return ta ? a.getRowDimension() : a.getColumnDimension(); }
        int pb() { return tb ? b.getColumnDimension() : b.getRowDimension(); }
        int qb() { return tb ? b.getRowDimension() : b.getColumnDimension(); }
        double a(int i, int j) { return ta ? a.getEntry(j, i) : a.getEntry(i, j); }
        double b(int i, int j) { return tb ? b.getEntry(j, i) : b.getEntry(i, j); }
        Term transposed() { return new Term(c, a, !ta, b, !tb, size); }
        Term scaled(double s) { return new Term(c * s, a, ta, b, tb, size); }
        double largest() { return Double.isNaN(size) ? Matrices.maxAbs(a) * Matrices.maxAbs(b) : size; }
    }

    private final List<Term> terms;
    private final int rows, cols;

    private KronSum(List<Term> terms) {
        this.terms = List.copyOf(terms);
        Term t = terms.get(0);
        this.rows = t.pa() * t.pb();
        this.cols = t.qa() * t.qb();
    }

    /**
     * kron(op(a), op(b)) kept as its factors when it would be large; else null (form it). Not where a factor is itself
     * kept in parts (kron(I, B)'s blocks, a kron, an outer product): kept here, it would be written out in full.
     */
    static RealMatrix of(RealMatrix a, boolean ta, RealMatrix b, boolean tb) {
        long entries = (long) a.getRowDimension() * a.getColumnDimension() * b.getRowDimension() * b.getColumnDimension();
        if (entries < MIN_ENTRIES || (long) a.getRowDimension() * b.getRowDimension() > Integer.MAX_VALUE
                || (long) a.getColumnDimension() * b.getColumnDimension() > Integer.MAX_VALUE || inParts(a) || inParts(b)) return null;
        return new KronSum(List.of(balanced(Dense.of(a), ta, Dense.of(b), tb)));
    }

    private static boolean inParts(RealMatrix m) { return m instanceof BlockDiagonal || m instanceof InParts; }

    /**
     * 1·kron(A, B) with A and B scaled by opposite powers of two (exactly) until their largest entries are of one size:
     * the vec trick multiplies by B first, so A at 1e200 and B at 1e-200, whose products are ordinary numbers, would
     * underflow there to 0 (and overflow the other way round).
     */
    private static Term balanced(Dense a, boolean ta, Dense b, boolean tb) {
        double ma = Matrices.maxAbs(a), mb = Matrices.maxAbs(b);
        if (!(ma > 0 && mb > 0) || !Double.isFinite(ma) || !Double.isFinite(mb)) return new Term(1, a, ta, b, tb);
        int shift = (Math.getExponent(ma) - Math.getExponent(mb)) / 2;
        if (Math.abs(shift) < 64) return new Term(1, a, ta, b, tb, ma * mb);
        return new Term(1, scalb(a, -shift), ta, scalb(b, shift), tb, ma * mb);
    }

    private static Dense scalb(Dense m, int k) {
        double[] out = new double[m.data.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.scalb(m.data[i], k);
        return new Dense(m.rows, m.cols, out);
    }

    /** kron(a, b) kept as its factors whatever its size. */
    static KronSum kept(RealMatrix a, RealMatrix b) { return new KronSum(List.of(new Term(1, Dense.of(a), false, Dense.of(b), false))); }

    /** Σ c_j·op_j(values_j), every value a KronSum of the same shape, as one; null if any is not. */
    public static KronSum combination(List<RealMatrix> values, boolean[] transposed, double[] coefficients) {
        List<Term> out = new ArrayList<>();
        for (int j = 0; j < values.size(); j++) {
            if (!(values.get(j) instanceof KronSum k)) return null;
            for (Term t : k.terms) out.add((transposed[j] ? t.transposed() : t).scaled(coefficients[j]));
        }
        if (out.isEmpty()) return null;
        KronSum sum = new KronSum(out);
        for (Term t : out) if (t.pa() * t.pb() != sum.rows || t.qa() * t.qb() != sum.cols) return null;
        return sum;
    }

    @Override KronSum transposed() { return new KronSum(terms.stream().map(Term::transposed).toList()); }

    @Override KronSum scaled(double c) { return new KronSum(terms.stream().map(t -> t.scaled(c)).toList()); }

    /**
     * Every entry is finite when Σ|c|·max|A|·max|B| is: a NaN or infinite factor entry makes it so too, so the factors'
     * largest entries (found as the term was made, else read now) settle it; only where it is not finite are the
     * entries formed and looked at.
     */
    @Override boolean allFinite() {
        double bound = 0;
        for (Term t : terms) bound += Math.abs(t.c) * t.largest();
        return Double.isFinite(bound) || Matrices.allFinite(dense());
    }

    /** ‖A ⊗ B‖ = ‖A‖·‖B‖ for one term, where that product neither overflows nor vanishes; else from the entries. */
    @Override double norm() {
        if (terms.size() > 1) return Matrices.norm(dense());
        Term t = terms.get(0);
        return fromParts(Math.abs(t.c) * Matrices.norm(t.a) * Matrices.norm(t.b), false, () -> Matrices.norm(dense()));
    }

    /** ‖A ⊗ B‖² = ‖A‖²·‖B‖² for one term; a sum's from its entries. */
    @Override double sumOfSquares() {
        if (terms.size() > 1) return Pairwise.sumOfSquares(formed());
        Term t = terms.get(0);
        return fromParts(t.c * t.c * Matrices.sumOfSquares(t.a) * Matrices.sumOfSquares(t.b), false, () -> Pairwise.sumOfSquares(formed()));
    }

    /** Σ c·sum(A)·sum(B): the entries of A ⊗ B are every product of an entry of A with one of B. */
    @Override double sum() {
        double total = 0;
        for (Term t : terms) total += t.c * Matrices.sum(t.a) * Matrices.sum(t.b);
        return fromParts(total, true, () -> Pairwise.sum(formed()));
    }

    @Override public int getRowDimension() { return rows; }

    @Override public int getColumnDimension() { return cols; }

    @Override public double getEntry(int i, int j) {
        if (i < 0 || i >= rows) throw new OutOfRangeException(i, 0, rows - 1);
        if (j < 0 || j >= cols) throw new OutOfRangeException(j, 0, cols - 1);
        double s = 0;
        for (Term t : terms) s += t.c * t.a(i / t.pb(), j / t.qb()) * t.b(i % t.pb(), j % t.qb());
        return s;
    }

    @Override double[] formed() {
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("a Kronecker product of " + size + " entries");
        double[] out = new double[(int) size];
        for (Term t : terms) {
            double[] x = Dense.flat(t.ta ? Matrices.transpose(t.a) : t.a), y = Dense.flat(t.tb ? Matrices.transpose(t.b) : t.b);
            int pa = t.pa(), qa = t.qa(), pb = t.pb(), qb = t.qb();
            for (int i = 0; i < pa; i++)
                for (int j = 0; j < qa; j++) {
                    double s = t.c * x[i * qa + j];
                    for (int k = 0; k < pb; k++) {
                        int row = (i * pb + k) * cols + j * qb, src = k * qb;
                        for (int l = 0; l < qb; l++) out[row + l] += s * y[src + l];
                    }
                }
        }
        return out;
    }

    @Override public RealMatrix copy() { return new KronSum(terms); }

    /**
     * op(this)·op(v): with v's columns as the rows of a c×(q_A·q_B) array, each row read as W (q_A×q_B), column j of
     * the result is Σ c·op(A)·W_j·op(B)ᵀ read row by row. The W_j stacked are one (c·q_A)×q_B matrix, so the products
     * with op(B)ᵀ are one; those with op(A), one per column.
     */
    RealMatrix times(boolean t, RealMatrix v, boolean tv, Blas blas) {
        if (t) return transposed().times(false, v, tv, blas);
        int n = tv ? v.getRowDimension() : v.getColumnDimension(), k = tv ? v.getColumnDimension() : v.getRowDimension();
        if (k != cols) throw new DimensionMismatchException(k, cols);
        if (v instanceof KronSum w && !tv) {
            KronSum mixed = mixedProduct(w, blas);
            if (mixed != null) return mixed;
        }
        // the columns of op(v) as rows: op(v)ᵀ, stored row by row
        double[] columns = n == 1 ? Dense.flat(v) : (tv ? Dense.flat(v) : Matrices.transpose(Dense.flat(v), k, n));
        double[] out = new double[n * rows];  // the result's columns as rows, transposed at the end
        for (Term term : terms) {
            int pa = term.pa(), qa = term.qa(), pb = term.pb(), qb = term.qb();
            double[] wb = Dense.flat(Matrices.multiply(new Dense(n * qa, qb, columns), false, term.b, !term.tb, blas));
            for (int j = 0; j < n; j++) {
                Dense wj = new Dense(qa, pb, java.util.Arrays.copyOfRange(wb, j * qa * pb, (j + 1) * qa * pb));
                double[] part = Dense.flat(Matrices.multiply(term.a, term.ta, wj, false, blas));
                for (int i = 0, at = j * rows; i < part.length; i++) out[at + i] += term.c * part[i];
            }
        }
        return n == 1 ? Dense.column(out) : new Dense(rows, n, Matrices.transpose(out, n, rows));
    }

    /** op(v)·op(this) = (op(this)ᵀ·op(v)ᵀ)ᵀ. */
    RealMatrix timesFromLeft(RealMatrix v, boolean tv, boolean t, Blas blas) {
        return Matrices.transpose(times(!t, v, !tv, blas));
    }

    /**
     * tr(op(this)·op(w)) = Σ c·c'·tr(op(A)·op(A'))·tr(op(B)·op(B')) where every pair's factors conform (the trace of a
     * Kronecker product is the product of the traces); else null. sqnorm(kron(A, B)) is so sqnorm(A)·sqnorm(B).
     */
    Double traceOfProduct(boolean t, KronSum w, boolean tw) {
        double sum = 0;
        for (Term s0 : terms)
            for (Term t0 : w.terms) {
                Term s = t ? s0.transposed() : s0, u = tw ? t0.transposed() : t0;
                if (s.qa() != u.pa() || s.qb() != u.pb() || s.pa() != u.qa() || s.pb() != u.qb()) return null;
                sum += s.c * u.c * Fused.traceOfProduct(s.a, s.ta, u.a, u.ta) * Fused.traceOfProduct(s.b, s.tb, u.b, u.tb);
            }
        // a factor's trace past the range where the whole's is not (∞·0): the entries decide
        return Double.isFinite(sum) ? sum : null;
    }

    /** Σ c·c'·kron(op(A)·op(A'), op(B)·op(B')) where every pair's factors conform; else null. */
    private KronSum mixedProduct(KronSum w, Blas blas) {
        List<Term> out = new ArrayList<>();
        for (Term s : terms)
            for (Term t : w.terms) {
                if (s.qa() != t.pa() || s.qb() != t.pb()) return null;
                out.add(new Term(s.c * t.c, Matrices.multiply(s.a, s.ta, t.a, t.ta, blas), false, Matrices.multiply(s.b, s.tb, t.b, t.tb, blas), false));
            }
        return new KronSum(out);
    }
}
