package dev.matdiff.numeric;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Triangles;
import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of the variables, and the size of every dimension symbol as the data's shapes bind
 * it. Build it with {@link #bind}, which checks the data against the declarations; the values are
 * shared with evaluators and must not be modified.
 */
public record Bindings(Map<String, RealMatrix> values, Map<String, Integer> dimSizes) {

    /** How far apart S(i,j) and S(j,i) may be, relative to the largest entry, for a symmetric S. */
    public static final double SYMMETRY_TOLERANCE = 1e-10;

    public Bindings {
        Map<String, RealMatrix> dense = new LinkedHashMap<>();
        // each value in the evaluator's own layout, copied once when bound rather than read through Commons Math's at every
        // evaluation: a matrix-vector product of a BlockRealMatrix is its Java operate, half the speed of dgemv on a Dense
        // (ridge and logistic regression at n = 512 spent 70% of f + ∇f there)
        values.forEach((name, m) -> dense.put(name, Dense.of(m)));
        values = Collections.unmodifiableMap(dense);
        dimSizes = Collections.unmodifiableMap(new LinkedHashMap<>(dimSizes));
    }

    /** Binds values with no source positions (errors then have {@link Pos#NONE}). */
    public static Bindings bind(Collection<Expr.Var> variables, Map<String, RealMatrix> values) {
        return bind(variables, new Data(values, Map.of()));
    }

    /**
     * A misspelt key, said after "no value for 'y'": the value the program lacks is likely the one the data gives and the
     * program does not declare, " (it has one for 'Y', which the program does not declare)"; or "".
     */
    public static String misspelt(String name, Set<String> declared, Set<String> keys) {
        var undeclared = keys.stream().filter(k -> !declared.contains(k)).toList();
        String spelt = undeclared.size() == 1 ? undeclared.get(0) : dev.matdiff.source.Spelling.closest(name, undeclared);
        return spelt == null ? "" : " (it has one for '" + spelt + "', which the program does not declare)";
    }

    /**
     * Checks that every variable has a finite value of its declared shape (a symmetric one a
     * symmetric value), that no value is left over, and that each dimension symbol gets one size.
     * Values of symmetric variables are stored exactly symmetric.
     */
    public static Bindings bind(Collection<Expr.Var> variables, Data data) { return bind(variables, data, Map.of()); }

    /**
     * The same, with sizes the data gives by name ({@code "n": 2}, found by {@code data}'s positions): a value of
     * shape 2*n is then checked against 4, and a size a value's shape alone fixes through a composite dimension
     * (4 for 2*n, 3 for p - r + 1 with r known) is solved for.
     */
    public static Bindings bind(Collection<Expr.Var> variables, Data data, Map<String, Integer> given) {
        Map<String, Expr.Var> declared = new LinkedHashMap<>();
        for (Expr.Var v : variables) declared.put(v.name(), v);
        for (Expr.Var v : declared.values())
            if (!data.values().containsKey(v.name()))
                throw new NumericException("no value for '" + v.name() + "' in the data" + misspelt(v.name(), declared.keySet(), data.values().keySet()));
        for (String name : data.values().keySet())
            if (!declared.containsKey(name))
                throw new NumericException("the data has a value for '" + name + "', which the program does not declare",
                        data.position(name));

        Map<String, Integer> sizes = new LinkedHashMap<>(given);
        Map<String, String> boundBy = new LinkedHashMap<>();
        Map<String, Dim> columns = new LinkedHashMap<>();  // matrices the data gives as columns, by their declared column size
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        for (Expr.Var v : declared.values()) {
            RealMatrix m = data.values().get(v.name());
            Pos pos = data.position(v.name());
            if (v.kind() == dev.matdiff.expr.VarKind.VECTOR && m.getRowDimension() == 1 && m.getColumnDimension() > 1)
                throw new NumericException("'" + v.name() + "' is declared a vector, a column: give it as a flat list [1, 2, …] "
                        + "or as one-element rows [[1], [2], …], not as the row [[…]]", pos);
            if (givenAsColumn(v, m)) columns.put(v.name(), v.shape().cols());
            bindDim(v, v.shape().rows(), m.getRowDimension(), m, sizes, boundBy, pos, data, columns);
            bindDim(v, v.shape().cols(), m.getColumnDimension(), m, sizes, boundBy, pos, data, columns);
            checkFinite(v.name(), m, pos);
            values.put(v.name(), v.symmetric() ? symmetric(v.name(), m, pos) : m);
        }
        // a size only a composite dimension holds (v(2*n) given 4 entries), once the dimension's other symbols are known
        for (boolean solved = true; solved; ) {
            solved = false;
            for (Expr.Var v : declared.values()) {
                RealMatrix m = values.get(v.name());
                solved |= solve(v.shape().rows(), m.getRowDimension(), sizes);
                solved |= solve(v.shape().cols(), m.getColumnDimension(), sizes);
            }
        }
        // sizes such as m*n can only be checked once every symbol has a size
        for (Expr.Var v : declared.values()) {
            RealMatrix m = values.get(v.name());
            Shape s = v.shape();
            long rows = Dims.evaluate(s.rows(), sizes), cols = Dims.evaluate(s.cols(), sizes);
            if (rows < 0 || cols < 0) {
                List<String> open = new java.util.ArrayList<>();
                for (Dim d : List.of(s.rows(), s.cols())) for (String sym : Dims.symbols(d)) if (!sizes.containsKey(sym) && !open.contains(sym)) open.add(sym);
                if (open.size() == 1 && (fits(s.rows(), m.getRowDimension(), sizes).size() > 1 || fits(s.cols(), m.getColumnDimension(), sizes).size() > 1))
                    throw new NumericException("the data's " + m.getRowDimension() + "×" + m.getColumnDimension() + " for " + v.name() + " (declared "
                            + s + ") fits more than one size " + open.get(0) + ": give it by name, as in {\"" + open.get(0) + "\": 2, …}",
                            data.position(v.name()));
                if (open.size() == 1)
                    throw new NumericException(mismatch(v, m, null) + ", which no whole size " + open.get(0) + " gives",
                            data.position(v.name()));
                throw new NumericException("the data's " + m.getRowDimension() + "×" + m.getColumnDimension() + " for " + v.name() + " (declared "
                        + s + ") does not tell " + String.join(" and ", open) + " apart: give them"
                        + " by name, as in {\"" + open.get(0) + "\": 2, …}", data.position(v.name()));
            }
            if (rows != m.getRowDimension() || cols != m.getColumnDimension())
                throw wrongShape(v, m, data.position(v.name()), rows > 0 && cols > 0 ? rows + "×" + cols : null);
        }
        return new Bindings(values, sizes);
    }

    /** The size of a dimension under these bindings, or -1 if a symbol in it has no size. */
    public long size(Dim d) {
        if (d instanceof Dim.Unknown) return -1;
        return Dims.evaluate(d, dimSizes);
    }

    /** The same sizes with one value replaced: how a perturbed point is evaluated. */
    public Bindings with(String name, RealMatrix value) {
        Map<String, RealMatrix> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new Bindings(v, dimSizes);
    }

    /** Puts in sizes the one size of d's one unsized symbol that makes d = actual, if exactly one does; whether it did. */
    private static boolean solve(Dim d, int actual, Map<String, Integer> sizes) {
        List<String> unknown = unsized(d, sizes);
        List<Integer> fits = fits(d, actual, sizes);
        if (fits.size() != 1) return false;
        sizes.put(unknown.get(0), fits.get(0));
        return true;
    }

    private static List<String> unsized(Dim d, Map<String, Integer> sizes) {
        return Dims.symbols(d).stream().filter(s -> !sizes.containsKey(s)).distinct().toList();
    }

    /**
     * The sizes of d's one unsized symbol that make d = actual (2*n = 4, p - r + 1 = 3 with r known, n*n = 9), at most
     * two: a linear d is solved at once, another by counting up to actual + Σ|c| over its coefficients, past which it
     * is larger (n² − 5n + 8 = 2 at n = 2 and 3: two, for the data to choose between). None for d of other than one.
     */
    private static List<Integer> fits(Dim d, int actual, Map<String, Integer> sizes) {
        List<String> unknown = unsized(d, sizes);
        if (!(d instanceof Dim.Poly p) || unknown.size() != 1) return List.of();
        Map<String, Integer> at = new HashMap<>(sizes);
        long[] f = new long[4];
        for (int i = 0; i < f.length; i++) { at.put(unknown.get(0), i); f[i] = Dims.evaluate(d, at); }
        long slope = f[1] - f[0];
        if (f[2] - f[1] == slope && f[3] - f[2] == slope) {
            if (slope == 0 || (actual - f[0]) % slope != 0) return List.of();
            long n = (actual - f[0]) / slope;
            return n < 1 || n > Integer.MAX_VALUE ? List.of() : List.of((int) n);
        }
        long last = actual;
        for (long c : p.terms().values()) last += Math.abs(c);
        List<Integer> out = new java.util.ArrayList<>();
        for (int n = 1; n <= Math.min(last, 1 << 20) && out.size() < 2; n++) {
            at.put(unknown.get(0), n);
            if (Dims.evaluate(d, at) == actual) out.add(n);
        }
        return out;
    }

    private static void bindDim(Expr.Var v, Dim d, int actual, RealMatrix m, Map<String, Integer> sizes,
                                Map<String, String> boundBy, Pos pos, Data data, Map<String, Dim> columns) {
        if (d instanceof Dim.Fixed f) {
            if (f.size() != actual) throw wrongShape(v, m, pos, null);
        } else if (d instanceof Dim.Sym s) {
            Integer previous = sizes.get(s.name());
            if (previous == null) {
                sizes.put(s.name(), actual);
                boundBy.put(s.name(), v.name());
            } else if (previous != actual) {
                if (!boundBy.containsKey(s.name()))
                    throw new NumericException("the data gives " + s.name() + " = " + previous + ", but the values' shapes make it "
                            + actual, data.position(s.name()));
                // a bare number for a vector or matrix is its shape's mistake, not a size's: "w": 1 for vector w(n)
                if (boundBy.get(s.name()).equals(v.name()) || m.getRowDimension() * m.getColumnDimension() == 1 && !v.shape().isScalar())
                    throw wrongShape(v, m, pos, null);
                throw new NumericException("dimension " + s.name() + " is " + previous + " from " + boundBy.get(s.name())
                        + " but " + actual + " from " + v.name() + (s.equals(columns.get(boundBy.get(s.name()))) ? "; " + boundBy.get(s.name())
                        + " was given as a column" + FLAT_LIST : ""), pos);
            }
        } else if (d instanceof Dim.Unknown) {
            throw new NumericException("the shape of '" + v.name() + "' is not resolved (" + v.shape() + ")", pos);
        }
        // a Poly such as m*n is checked after all symbols are bound
    }

    /** @param sized the declared shape at the sizes bound, "6×1", where it differs from the shape as written; or null */
    private static NumericException wrongShape(Expr.Var v, RealMatrix m, Pos pos, String sized) {
        return new NumericException(mismatch(v, m, sized), pos);
    }

    /** "v is declared … but the data has 3×1". */
    private static String mismatch(Expr.Var v, RealMatrix m, String sized) {
        String data = m.getRowDimension() + "×" + m.getColumnDimension();
        String declared = switch (v.kind()) {
            case SCALAR -> "a scalar";
            case VECTOR -> "a vector of shape " + v.shape() + " (a flat list)";
            case SYMMETRIC -> "symmetric of shape " + v.shape();
            case MATRIX -> v.shape().toString();
        };
        if (sized != null && !sized.equals(v.shape().toString())) declared += ", " + sized + " at these sizes,";
        return v.name() + " is declared " + declared + " but the data has " + data + (givenAsColumn(v, m) ? FLAT_LIST : "");
    }

    /** A matrix written as a flat list is a column, which the message it leads to does not show (trial s80a). */
    private static final String FLAT_LIST = " (a flat list is a column: a matrix is a list of rows, [[1, 2], [3, 4]], a row [[1, 2]])";

    /** Whether a matrix's data is a column of more than one entry, as a flat list gives it. */
    private static boolean givenAsColumn(Expr.Var v, RealMatrix m) {
        boolean declaredColumn = v.shape().cols() instanceof Dim.Fixed f && f.size() == 1;
        return (v.kind() == dev.matdiff.expr.VarKind.MATRIX || v.kind() == dev.matdiff.expr.VarKind.SYMMETRIC) && !declaredColumn
                && m.getColumnDimension() == 1 && m.getRowDimension() > 1;
    }

    private static void checkFinite(String name, RealMatrix m, Pos pos) {
        for (int i = 0; i < m.getRowDimension(); i++)
            for (int j = 0; j < m.getColumnDimension(); j++) {
                double x = m.getEntry(i, j);
                if (!Double.isFinite(x))
                    throw new NumericException("the value of '" + name + "' has " + x + " at entry (" + (i + 1) + ", " + (j + 1) + ")", pos);
            }
    }

    /** The exactly symmetric (M + Mᵀ)/2, if M is symmetric up to rounding; one array, which the evaluator reads in place. */
    private static RealMatrix symmetric(String name, RealMatrix m, Pos pos) {
        Dense averaged = Triangles.averagedIfNearlySymmetric(m, SYMMETRY_TOLERANCE);
        if (averaged != null) return averaged;
        int n = m.getRowDimension();
        double[] s = Dense.flat(m);
        double scale = 0;
        for (double x : s) scale = Math.max(scale, Math.abs(x));
        // not symmetric: find the first entry that says so, for the message
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double a = s[i * n + j], b = s[j * n + i];
                if (!(Math.abs(a - b) <= SYMMETRY_TOLERANCE * scale))
                    throw new NumericException(name + " is declared symmetric but its data is not: entry (" + (i + 1) + ", " + (j + 1)
                            + ") is " + Numbers.exact(a) + " and entry (" + (j + 1) + ", " + (i + 1) + ") is " + Numbers.exact(b), pos);
            }
        throw new IllegalStateException("a matrix outside the tolerance has no entry outside it");
    }
}
