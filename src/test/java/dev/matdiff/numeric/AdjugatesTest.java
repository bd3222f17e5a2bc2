package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Kernels;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.matdiff.testing.Fixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Issue 15, item 5: det's gradient det(X)·inv(X)ᵀ is adj(X)ᵀ, which exists where X is singular. */
class AdjugatesTest {

    static final RealMatrix SINGULAR = m(new double[] {1, 2}, new double[] {2, 4});

    static RealMatrix gradient(String objective, String wrt, RealMatrix x, Object... more) {
        MatDiff md = MatDiff.parse("matrix X(n, n), A(n, n)\nL = " + objective + "\n");
        Derivation d = md.derive(null, List.of(wrt));
        java.util.Map<String, RealMatrix> values = new java.util.LinkedHashMap<>();
        values.put("X", x);
        for (int i = 0; i < more.length; i += 2) values.put((String) more[i], (RealMatrix) more[i + 1]);
        return md.evaluate(d, values).gradients().get(wrt);
    }

    static void assertEntries(RealMatrix actual, double[]... expected) {
        RealMatrix e = m(expected);
        assertThat(actual.getRowDimension()).isEqualTo(e.getRowDimension());
        for (int i = 0; i < e.getRowDimension(); i++)
            for (int j = 0; j < e.getColumnDimension(); j++)
                assertThat(actual.getEntry(i, j)).as("entry (%d, %d)", i + 1, j + 1).isCloseTo(e.getEntry(i, j), within(1e-12));
    }

    @Test
    void theGradientOfDetAtASingularMatrixIsTheTransposedAdjugate() {
        assertEntries(gradient("det(X)", "X", SINGULAR), new double[] {4, -2}, new double[] {-2, 1});
        // det(X)^2: 2·det(X)·adj(X)ᵀ, zero at a singular X
        assertEntries(gradient("det(X)^2", "X", SINGULAR), new double[] {0, 0}, new double[] {0, 0});
        // det(X)^3 + det(X): (3·det(X)² + 1)·adj(X)ᵀ
        assertEntries(gradient("det(X)^3 + det(X)", "X", SINGULAR), new double[] {4, -2}, new double[] {-2, 1});
        // through a product: det(A*X)·inv(A*X)ᵀ… with A*X singular; d det(AX) = det(A) adj(X)ᵀ-wise
        RealMatrix a = m(new double[] {2, 1}, new double[] {1, 1});
        RealMatrix expected = a.transpose().multiply(adj(a.multiply(SINGULAR)).transpose());
        assertEntries(gradient("det(A*X)", "X", SINGULAR, "A", a), expected.getData());
        // and where X is invertible nothing changes (with a negative pivot: det(X) = -6, not 6)
        RealMatrix regular = m(new double[] {1, 2}, new double[] {3, 4});
        assertEntries(gradient("det(X)", "X", regular), new double[] {4, -3}, new double[] {-2, 1});
        assertEntries(gradient("det(X)", "X", m(new double[] {2, 0}, new double[] {0, -3})), new double[] {-3, 0}, new double[] {0, 2});
    }

    /** det times a sum, part of it free of inv(X): det(X)·(Tr(X)·X⁻ᵀ + I) = Tr(X)·adj(X)ᵀ + det(X)·I at a singular X (Cookbook trial). */
    @Test
    void aDetTimesASumWithTermsFreeOfTheInverse() {
        // Tr(X) = 5, adj(X)ᵀ = [[4, -2], [-2, 1]], det(X) = 0
        assertEntries(gradient("det(X)*tr(X)", "X", SINGULAR), new double[] {20, -10}, new double[] {-10, 5});
        RealMatrix regular = m(new double[] {1, 2}, new double[] {3, 4});
        // det = -2, Tr = 5: 5·adj(X)ᵀ + (-2)·I = 5·[[4, -3], [-2, 1]] - 2·I
        assertEntries(gradient("det(X)*tr(X)", "X", regular), new double[] {18, -15}, new double[] {-10, 3});
    }

    /** The gradient of the program's objective wrt one variable at the values given as name, matrix pairs. */
    static RealMatrix gradientOf(String program, String wrt, Object... values) {
        MatDiff md = MatDiff.parse(program);
        java.util.Map<String, RealMatrix> at = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i += 2) at.put((String) values[i], (RealMatrix) values[i + 1]);
        return md.evaluate(md.derive(null, List.of(wrt)), at).gradients().get(wrt);
    }

    /**
     * Trial s68a: the inverse in the printed gradient is of a run of det's factors (det(X·x·xᵀ)·(x·xᵀ)⁻¹), of det's own
     * argument under a row sum (det(1·xᵀ)·sum((1·xᵀ)⁻¹, 2)), or the reciprocals of x of det(diag(x)) — each had no value at
     * any point (x·xᵀ is singular for n ≥ 2) or where an entry of x is 0, though the gradients are polynomials: zero for
     * a rank-1 argument of n ≥ 3 (adj of rank n − 2 or less is 0), the products of the other entries of x for diag(x).
     */
    @Test
    void anInverseOfARunOfFactorsUnderARowSumOrAsReciprocals() {
        RealMatrix x = m(new double[] {1}, new double[] {2}, new double[] {3}), big = m(new double[] {1, 0, 0}, new double[] {0, 2, 0}, new double[] {0, 0, 3});
        assertEntries(gradientOf("vector x(3); matrix X(3,3); f = det(X*x*x')", "x", "x", x, "X", big), new double[1], new double[1], new double[1]);
        assertEntries(gradientOf("vector x(3); matrix X(3,3); f = det(X*x*x')", "X", "x", x, "X", big), new double[3], new double[3], new double[3]);
        assertEntries(gradientOf("vector x(3); f = det(ones(3)*x')", "x", "x", x), new double[1], new double[1], new double[1]);
        assertEntries(gradientOf("scalar b; vector x(3), y(3); matrix X(3,3); f = b*det(X*y*x')", "x", "b", m(new double[] {2}), "x", x,
                "y", m(new double[] {1}, new double[] {-1}, new double[] {2}), "X", big), new double[1], new double[1], new double[1]);
        // n = 2: adj(1·xᵀ) = [[x₂, −x₂], [−x₁, x₁]] is not zero, but its row sums are: d det(1·xᵀ) = 0 (det ≡ 0)
        assertEntries(gradientOf("vector x(2); f = det(ones(2)*x')", "x", "x", m(new double[] {1}, new double[] {2})), new double[1], new double[1]);
        // det(diag(x)): the products of the other entries, at one zero entry and at two
        assertEntries(gradientOf("vector x(3); f = det(diag(x))", "x", "x", m(new double[] {0}, new double[] {1}, new double[] {2})),
                new double[] {2}, new double[1], new double[1]);
        assertEntries(gradientOf("vector x(3); f = det(diag(x))", "x", "x", m(new double[] {0}, new double[] {0}, new double[] {2})),
                new double[1], new double[1], new double[1]);
        assertEntries(gradientOf("vector x(3); f = det(diag(x))^2 + sum(x)", "x", "x", m(new double[] {0}, new double[] {1}, new double[] {2})),
                new double[] {1}, new double[] {1}, new double[] {1});
        // a det the program named is a det too (review s68r: h2 = det(X*x*x') kept 2*h2*inv(x*x')*x)
        assertEntries(gradientOf("vector x(3); matrix X(3,3); h2 = det(X*x*x'); f = h2 + sum(x)", "x", "x", x, "X", big),
                new double[] {1}, new double[] {1}, new double[] {1});
        // det(A·X·B) of a 2×3 A and a 3×2 B is no det(A)·det(X)·det(B): at a singular X the inverse is refused, as before
        // (review s68r: an internal error, det of the 2×3 A)
        RealMatrix a = m(new double[] {1, 0, 2}, new double[] {0, 1, 1}), b = m(new double[] {1, 0}, new double[] {0, 1}, new double[] {1, 1});
        assertThatThrownBy(() -> gradientOf("matrix A(2,3), X(3,3), B(3,2); f = det(A*X*B)*tr(inv(X))", "X", "A", a, "X", m(new double[] {1, 2, 3},
                new double[] {2, 4, 6}, new double[] {1, 0, 1}), "B", b)).hasMessageContaining("singular");
        // where nothing is singular, the printed form's own value as before
        assertEntries(gradientOf("vector x(3); f = det(diag(x))", "x", "x", m(new double[] {4}, new double[] {1}, new double[] {2})),
                new double[] {2}, new double[] {8}, new double[] {4});
    }

    /** The trial's: det of a scaled or negated X (cⁿ·det(X)), and det(cX)^2, at a singular X; X's own adjugate serves. */
    @Test
    void aScaledOrNegatedSingularMatrix() {
        // d det(2X) = 2²·adj(X)ᵀ-wise for n = 2; d det(−X) = (−1)²·adj(X)ᵀ
        assertEntries(gradient("det(2*X)", "X", SINGULAR), new double[] {16, -8}, new double[] {-8, 4});
        assertEntries(gradient("det(-X)", "X", SINGULAR), new double[] {4, -2}, new double[] {-2, 1});
        assertEntries(gradient("-det(3*X)/2", "X", SINGULAR), new double[] {-18, 9}, new double[] {9, -4.5});
        assertEntries(gradient("det(2*X)^2", "X", SINGULAR), new double[] {0, 0}, new double[] {0, 0});
        // through element-wise quotients: cos(det(u vᵀ)) is constant where rank 1, its gradient zero
        MatDiff md = MatDiff.parse("vector y(3)\nf = cos(det((y ./ exp(y/4) + sigmoid(y))*y'))\n");
        Derivation d = md.derive(null, List.of("y"));
        RealMatrix g = md.evaluate(d, java.util.Map.of("y", m(new double[] {0.3}, new double[] {-1.2}, new double[] {2}))).gradients().get("y");
        assertEntries(g, new double[1], new double[1], new double[1]);
    }

    @Test
    void adjugatesOfSingularMatrices() {
        assertEntries(Kernels.adjugate(SINGULAR), new double[] {4, -2}, new double[] {-2, 1});
        // rank 2 of 3: the cofactors by hand
        RealMatrix r2 = m(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9});
        assertEntries(Kernels.adjugate(r2), new double[] {-3, 6, -3}, new double[] {6, -12, 6}, new double[] {-3, 6, -3});
        // rank 1 of 3: every 2×2 minor vanishes
        RealMatrix r1 = m(new double[] {1, 2, 3}, new double[] {2, 4, 6}, new double[] {3, 6, 9});
        assertEntries(Kernels.adjugate(r1), new double[3], new double[3], new double[3]);
        // invertible: det(A)·inv(A), signs of U and V included
        RealMatrix a = m(new double[] {0, 1, 2}, new double[] {1, 0, 3}, new double[] {4, -3, 8});
        RealMatrix expected = MatrixUtils.inverse(a).scalarMultiply(new org.apache.commons.math3.linear.LUDecomposition(a).getDeterminant());
        assertEntries(Kernels.adjugate(a), expected.getData());
        assertEntries(Kernels.adjugate(m(new double[] {0})), new double[] {1});
    }

    /**
     * Up to 3×3 the adjugate is its cofactors, right entry by entry at any scale: adj([[1e20, 1], [1, 1e-20]]) kept −1 and
     * 1e−20 (the SVD's lost them beside 1e20), and 1e−108·I (det underflows) has 1e−216·I. A singular 4×4 goes through the
     * SVD, and agrees with its cofactors; a gradient past the largest double is an error, not Infinity (hostile trial).
     */
    @Test
    void adjugatesAtEveryScale() {
        RealMatrix wide = Kernels.adjugate(m(new double[] {1e20, 1}, new double[] {1, 1e-20}));
        assertThat(wide.getData()).isEqualTo(new double[][] {{1e-20, -1}, {-1, 1e20}});
        RealMatrix tiny = Kernels.adjugate(MatrixUtils.createRealIdentityMatrix(3).scalarMultiply(1e-108));
        assertThat(tiny.getEntry(0, 0)).isEqualTo(1e-216);
        assertThat(tiny.getEntry(0, 1)).isZero();
        RealMatrix rank3 = m(new double[] {1, 2, 3, 4}, new double[] {2, 0, 1, 3}, new double[] {3, 2, 4, 7}, new double[] {0, 1, 1, 5});
        RealMatrix adj = Kernels.adjugate(rank3);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                RealMatrix minor = MatrixUtils.createRealMatrix(3, 3);
                for (int r = 0, rr = 0; r < 4; r++) {
                    if (r == j) continue;
                    for (int c = 0, cc = 0; c < 4; c++) if (c != i) minor.setEntry(rr, cc++, rank3.getEntry(r, c));
                    rr++;
                }
                double cofactor = ((i + j) % 2 == 0 ? 1 : -1) * new org.apache.commons.math3.linear.LUDecomposition(minor).getDeterminant();
                assertThat(adj.getEntry(i, j)).as("entry (%d, %d)", i + 1, j + 1).isCloseTo(cofactor, within(1e-9));
            }
        // det(X) underflows (1e-360) beside an inverse that does not: eval too goes through the cofactors (review)
        RealMatrix tinyI = MatrixUtils.createRealIdentityMatrix(3).scalarMultiply(1e-120);
        assertThat(gradient("det(X)", "X", tinyI).getEntry(1, 1)).isEqualTo(1e-240);
        MatDiff big = MatDiff.parse("matrix X(3, 3)\nf = det(X)\n");
        Derivation d = big.derive(null, List.of("X"));
        RealMatrix overflowing = MatrixUtils.createRealDiagonalMatrix(new double[] {1e200, 1e200, 1e-300});
        assertThatThrownBy(() -> big.evaluate(d, java.util.Map.of("X", overflowing))).hasMessageContaining("Infinity");
    }

    /** JAX's linalg_test: det's gradient at its singular matrices (corank 1 and 2) and at zero, finite, as finite differences give. */
    @Test
    void jaxsSingularDeterminantGradients() {
        RealMatrix corank1 = m(new double[] {50, -30, 45}, new double[] {-30, 90, -81}, new double[] {45, -81, 81});
        // the cofactors are in the thousands: compared to 1e-12 of their size
        assertEntries(gradient("det(X)", "X", corank1).scalarMultiply(1e-3),
                new double[] {0.729, -1.215, -1.620}, new double[] {-1.215, 2.025, 2.700}, new double[] {-1.620, 2.700, 3.600});
        RealMatrix corank2 = m(new double[] {36, -42, 18}, new double[] {-42, 49, -21}, new double[] {18, -21, 9});
        assertEntries(gradient("det(X)", "X", corank2), new double[3], new double[3], new double[3]);
        assertEntries(gradient("det(X)", "X", m(new double[3], new double[3], new double[3])), new double[3], new double[3], new double[3]);
    }

    @Test
    void aFormulaThatIsUndefinedStaysUndefined() {
        // logdet's gradient inv(X)ᵀ has no det factor to take the inverse's place
        assertThatThrownBy(() -> gradient("logdet(X) + 0*det(X)", "X", SINGULAR)).isInstanceOf(NumericException.class);
        assertThatThrownBy(() -> gradient("tr(inv(X))", "X", SINGULAR)).isInstanceOf(NumericException.class)
                .hasMessageContaining("the matrix is singular");
        // det(Y)·(vec(A)·vec(A)ᵀ − A ⊗ A) is the second adjugate only for a symmetric Y (A = Aᵀ): another Y's is left alone
        for (String kind : List.of("symmetric X(n)", "matrix X(n, n)")) {
            Expr written = MatDiff.parse(kind + "\nL = det(X)*(vec(inv(X))*vec(inv(X))' - kron(inv(X), inv(X)))\n").program().objective(null).body();
            Adjugates.Rewritten r = Adjugates.rewritten(written, true);
            assertThat(r != null && !r.secondAdjugateOf().isEmpty()).as(kind).isEqualTo(kind.startsWith("symmetric"));
        }
        // det(X)·tr(X)'s Hessian mixes inv(X) terms of degree 1 and 2 under one det(X) otherwise than in the second
        // adjugate's pattern: still without a value there (its value exists; the rewrite does not reach it)
        assertThatThrownBy(() -> hessian("matrix X(n, n)", "det(X)*tr(X)", SINGULAR)).isInstanceOf(NumericException.class);
    }

    static RealMatrix hessian(String declarations, String objective, RealMatrix x) {
        MatDiff md = MatDiff.parse(declarations + "\nL = " + objective + "\n");
        Derivation d = md.derive(null, List.of("X"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withSecondOrder(true, false));
        return md.evaluate(d, java.util.Map.of("X", x)).hessians().get("X");
    }

    /** det's Hessian by its entries: ∂²det/∂X_ij∂X_kl, a signed (n−2)-minor of X (0 where i = k or j = l), vec column-major. */
    static RealMatrix detHessianByMinors(RealMatrix x) {
        int n = x.getRowDimension();
        RealMatrix h = MatrixUtils.createRealMatrix(n * n, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                    for (int l = 0; l < n; l++) {
                        if (i == k || j == l) continue;
                        // the cofactor of X_ij is (−1)^(i+j)·det(M), M without row i and column j; X_kl sits in M at (k', l')
                        int kk = k < i ? k : k - 1, ll = l < j ? l : l - 1;
                        double sign = (i + j + kk + ll) % 2 == 0 ? 1 : -1;
                        h.setEntry(i + j * n, k + l * n, sign * determinant(without(x, i, k, j, l)));
                    }
        return h;
    }

    /** x without rows r1, r2 and columns c1, c2; null for a 2×2 x (the empty matrix, whose determinant is 1). */
    static RealMatrix without(RealMatrix x, int r1, int r2, int c1, int c2) {
        int n = x.getRowDimension();
        double[][] out = new double[n - 2][n - 2];
        for (int i = 0, si = 0; i < n; i++) {
            if (i == r1 || i == r2) continue;
            for (int j = 0, sj = 0; j < n; j++) if (j != c1 && j != c2) out[si][sj++] = x.getEntry(i, j);
            si++;
        }
        return out.length == 0 ? null : MatrixUtils.createRealMatrix(out);
    }

    static double determinant(RealMatrix m) {
        return m == null ? 1 : new org.apache.commons.math3.linear.LUDecomposition(m).getDeterminant();
    }

    /**
     * det's Hessian det(X)·K·(vec(X⁻¹)·vec(X⁻ᵀ)ᵀ − X⁻ᵀ ⊗ X⁻¹) is a polynomial, whose value at a singular X the second
     * adjugate gives (two trials found it refused: "inv(X): the matrix is singular"); from the minors up to n = 4, the SVD beyond.
     */
    @Test
    void detsHessianAtASingularMatrix() {
        assertEntries(hessian("matrix X(n, n)", "det(X)", SINGULAR), new double[] {0, 0, 0, 1}, new double[] {0, 0, -1, 0},
                new double[] {0, -1, 0, 0}, new double[] {1, 0, 0, 0});
        java.util.Random r = new java.util.Random(5);
        for (int n : new int[] {3, 4, 5, 6}) {
            // integer matrices of rank n − 1 and n − 2 (both singular; the (n − 2)-minors of either need not vanish)
            for (int rank : new int[] {n - 1, n - 2}) {
                RealMatrix b = MatrixUtils.createRealMatrix(n, rank), c = MatrixUtils.createRealMatrix(rank, n);
                for (int i = 0; i < n; i++) for (int j = 0; j < rank; j++) { b.setEntry(i, j, r.nextInt(7) - 3); c.setEntry(j, i, r.nextInt(7) - 3); }
                RealMatrix x = b.multiply(c), expected = detHessianByMinors(x);
                assertClose(hessian("matrix X(n, n)", "det(X)", x), expected);
                assertClose(hessian("matrix X(n, n)", "3*det(X) + tr(X)", x), expected.scalarMultiply(3));
            }
        }
        // −det(X)'s Hessian is written with the pattern's terms the other way round; a symmetric S's with inv(S)ᵀ as inv(S)
        RealMatrix full = detHessianByMinors(SINGULAR);
        assertClose(hessian("matrix X(n, n)", "-det(X)", SINGULAR), full.scalarMultiply(-1));
        RealMatrix projection = MatrixUtils.createRealIdentityMatrix(4).add(commutation2()).scalarMultiply(0.5);
        assertClose(hessian("symmetric X(n)", "det(X)", SINGULAR), full.multiply(projection));
        assertClose(hessian("symmetric X(n)", "-det(X)", SINGULAR), full.multiply(projection).scalarMultiply(-1));
        // det(X)²'s Hessian 2·det(X)²·K·(2·vec(X⁻¹)·vec(X⁻ᵀ)ᵀ − X⁻ᵀ ⊗ X⁻¹) is 4·vec(adj(X)ᵀ)·vec(adj(X)ᵀ)ᵀ − … through adj(X)
        RealMatrix adjT = adj(SINGULAR).transpose(), v = MatrixUtils.createColumnRealMatrix(new double[] {adjT.getEntry(0, 0), adjT.getEntry(1, 0),
                adjT.getEntry(0, 1), adjT.getEntry(1, 1)});
        assertEntries(hessian("matrix X(n, n)", "det(X)^2", SINGULAR), v.multiply(v.transpose()).scalarMultiply(2).getData());
    }

    /** Entry by entry within 1e-12 of the largest entry expected (the minors of integer matrices run to thousands). */
    static void assertClose(RealMatrix actual, RealMatrix expected) {
        double scale = Math.max(1, java.util.Arrays.stream(expected.getData()).flatMapToDouble(java.util.Arrays::stream)
                .map(Math::abs).max().orElse(0));
        for (int i = 0; i < expected.getRowDimension(); i++)
            for (int j = 0; j < expected.getColumnDimension(); j++)
                assertThat(actual.getEntry(i, j)).as("entry (%d, %d)", i + 1, j + 1).isCloseTo(expected.getEntry(i, j), within(1e-12 * scale));
    }

    /** The second adjugate at invertible matrices: det(Y)·(vec(A)·vec(Aᵀ)ᵀ − Aᵀ ⊗ A) for A = Y⁻¹, by both of its ways. */
    @Test
    void theSecondAdjugateByItsDefinition() {
        java.util.Random r = new java.util.Random(9);
        for (int n = 1; n <= 7; n++) {
            RealMatrix y = MatrixUtils.createRealMatrix(n, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) y.setEntry(i, j, r.nextGaussian() + (i == j ? 2 : 0));
            RealMatrix a = MatrixUtils.inverse(y);
            double det = new org.apache.commons.math3.linear.LUDecomposition(y).getDeterminant();
            RealMatrix vecA = MatrixUtils.createColumnRealMatrix(dev.matdiff.linalg.LinearMaps.vec(a).getColumn(0));
            RealMatrix vecAt = MatrixUtils.createColumnRealMatrix(dev.matdiff.linalg.LinearMaps.vec(a.transpose()).getColumn(0));
            RealMatrix expected = vecA.multiply(vecAt.transpose()).subtract(dev.matdiff.linalg.LinearMaps.kron(a.transpose(), a)).scalarMultiply(det);
            RealMatrix actual = Kernels.secondAdjugate(y);
            for (int i = 0; i < n * n; i++)
                for (int j = 0; j < n * n; j++)
                    assertThat(actual.getEntry(i, j)).as("n = %d, entry (%d, %d)", n, i, j).isCloseTo(expected.getEntry(i, j), within(1e-11));
        }
    }

    /** K for 2×2 matrices: vec(Xᵀ) = K vec(X), swapping entries (2, 1) and (1, 2). */
    static RealMatrix commutation2() {
        RealMatrix k = MatrixUtils.createRealMatrix(4, 4);
        k.setEntry(0, 0, 1);
        k.setEntry(1, 2, 1);
        k.setEntry(2, 1, 1);
        k.setEntry(3, 3, 1);
        return k;
    }

    /** The adjugate by its definition for 2×2 matrices. */
    static RealMatrix adj(RealMatrix x) {
        return m(new double[] {x.getEntry(1, 1), -x.getEntry(0, 1)}, new double[] {-x.getEntry(1, 0), x.getEntry(0, 0)});
    }

}
