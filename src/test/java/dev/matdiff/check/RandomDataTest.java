package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

class RandomDataTest {

    static final Program P = program("matrix X(m,n), A(n,n)\nsymmetric S(k)\nvector w(n)\nscalar a\nf = sum(X*A*w) + tr(S) + a");

    static Bindings draw(long seed, RandomData.Mode mode, Map<String, Integer> given) {
        return RandomData.draw(P.variables().values(), List.of(P.objective(null)), given, seed, mode);
    }

    @Test void free_dimensions_get_distinct_defaults_and_given_ones_are_kept() {
        Map<String, Integer> sizes = draw(1, RandomData.Mode.MIXED, Map.of("n", 4)).dimSizes();
        assertThat(sizes).containsEntry("n", 4).containsKeys("m", "k");
        assertThat(List.of(sizes.get("m"), sizes.get("k"), sizes.get("n"))).doesNotHaveDuplicates();
        assertThat(sizes.get("m")).isBetween(2, 6);
    }

    @Test void shapes_follow_the_declarations() {
        Bindings b = draw(1, RandomData.Mode.MIXED, Map.of("m", 5, "n", 3, "k", 4));
        assertThat(shape(b.values().get("X"))).isEqualTo("5×3");
        assertThat(shape(b.values().get("A"))).isEqualTo("3×3");
        assertThat(shape(b.values().get("S"))).isEqualTo("4×4");
        assertThat(shape(b.values().get("w"))).isEqualTo("3×1");
        assertThat(shape(b.values().get("a"))).isEqualTo("1×1");
    }

    /** scalar N beside X(D, N): check's points give it the size, as the data must (it was drawn at random). */
    @Test void a_scalar_named_as_a_dimension_is_drawn_as_that_size() {
        Program p = program("matrix X(D, N) constant\nmatrix W(D, D)\nscalar N constant\nL = sqnorm(W*X)/N");
        for (long seed = 0; seed < 5; seed++) {
            Bindings b = RandomData.draw(p.variables().values(), List.of(p.objective(null)), Map.of(), seed, RandomData.Mode.MIXED);
            assertThat(b.values().get("N").getEntry(0, 0)).isEqualTo((double) b.values().get("X").getColumnDimension());
        }
    }

    @Test void square_matrices_are_well_conditioned_with_a_positive_determinant() {
        for (long seed = 0; seed < 20; seed++) {
            RealMatrix a = draw(seed, RandomData.Mode.MIXED, Map.of("n", 6)).values().get("A");
            assertThat(new LUDecomposition(a).getDeterminant()).isPositive();
            RealMatrix inv = new LUDecomposition(a).getSolver().getInverse();
            assertThat(a.getNorm() * inv.getNorm()).isLessThan(100);
        }
    }

    /** det(X) at n = 400 overflows at every fixed scale of the dominant diagonal: a scale by the size finds a point (trial s65a). */
    @Test void a_large_determinant_finds_a_point() {
        Program det = program("matrix X(n, n)\nf = det(X)");
        double value = RandomData.atRandomPoint(List.of(det.objective(null)), Map.of("n", 400), 1,
                at -> new Evaluator(at).value(det.objective(null)).getEntry(0, 0));
        assertThat(value).isFinite().isNotZero();
    }

    @Test void symmetric_variables_are_symmetric_positive_definite() {
        for (long seed = 0; seed < 20; seed++) {
            RealMatrix s = draw(seed, RandomData.Mode.MIXED, Map.of("k", 5)).values().get("S");
            assertThat(s).isEqualTo(s.transpose());
            new CholeskyDecomposition(s); // throws unless positive definite
        }
    }

    @Test void mixed_has_both_signs_and_positive_has_only_positive_entries() {
        RealMatrix mixed = draw(3, RandomData.Mode.MIXED, Map.of("m", 6, "n", 5)).values().get("X");
        assertThat(Matrices.find(mixed, v -> v > 0)).isNotNull();
        assertThat(Matrices.find(mixed, v -> v < 0)).isNotNull();
        Bindings positive = draw(3, RandomData.Mode.POSITIVE, Map.of("m", 6, "n", 5));
        for (RealMatrix v : positive.values().values()) assertThat(Matrices.find(v, x -> x > 0)).isNull();
    }

    @Test void entries_are_moderate_and_away_from_zero() {
        RealMatrix x = draw(5, RandomData.Mode.MIXED, Map.of("m", 8, "n", 7)).values().get("X");
        assertThat(Matrices.find(x, v -> Math.abs(v) >= RandomData.LOW && Math.abs(v) <= RandomData.HIGH)).isNull();
    }

    @Test void the_same_seed_gives_the_same_data() {
        assertThat(draw(9, RandomData.Mode.MIXED, Map.of()).values()).isEqualTo(draw(9, RandomData.Mode.MIXED, Map.of()).values());
        assertThat(draw(9, RandomData.Mode.MIXED, Map.of()).values()).isNotEqualTo(draw(10, RandomData.Mode.MIXED, Map.of()).values());
    }

    @Test void derived_sizes_are_made_positive() {
        Program p = program("matrix X(p,q), K(r,s)\nf = sum(conv(X, K))");
        Map<String, Integer> sizes = RandomData.sizes(p.variables().values(), List.of(p.objective(null)), Map.of());
        assertThat(sizes.get("p") - sizes.get("r") + 1).isGreaterThanOrEqualTo(2);
        assertThat(sizes.get("q") - sizes.get("s") + 1).isGreaterThanOrEqualTo(2);
        Bindings b = RandomData.draw(p.variables().values(), sizes, 1, RandomData.Mode.MIXED);
        double v = new Evaluator(b).scalar(p.objective(null));
        assertThat(Double.isFinite(v)).isTrue();
    }

    /** 2*n − n² is positive only at n = 1, which growing n never reaches; n − n² nowhere, which is then said. */
    @Test void a_derived_size_that_growing_shrinks_is_found_among_small_sizes() {
        Program p = program("vector v(3*n - n*n), w(n)\nf = sum(v)*sum(w)");
        Map<String, Integer> sizes = RandomData.sizes(p.variables().values(), List.of(p.objective(null)), Map.of());
        assertThat(3 * sizes.get("n") - sizes.get("n") * sizes.get("n")).isGreaterThanOrEqualTo(1);
        assertThat(sizes.get("n")).isBetween(1, 2);
        // n = 1 would leave w(n - 1) empty: the least of the sizes n enters is made positive, n = 2
        Program both = program("vector v(3*n - n*n), w(n - 1)\nf = sum(v)*sum(w)");
        assertThat(RandomData.sizes(both.variables().values(), List.of(both.objective(null)), Map.of())).containsEntry("n", 2);
        Program never = program("vector v(n - n*n)\nf = sum(v)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomData.sizes(never.variables().values(), List.of(never.objective(null)), Map.of()))
                .hasMessageContaining("found no sizes that make the dimension n - n*n positive");
    }

    /** Past a long's range the count is said as such, not as the saturated 1.84e19; a total is not one variable's. */
    @Test void data_too_large_is_counted_truly() {
        Program huge = program("matrix A(" + String.join("*", java.util.Collections.nCopies(65, "n")) + ", 2)\nf = sum(A)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomData.draw(huge.variables().values(), List.of(huge.objective(null)),
                Map.of("n", 2), 1, RandomData.Mode.MIXED)).hasMessageContaining("'A' alone has more than 9.22e+18 entries");
        Program two = program("matrix A(k, k), B(k, k)\nf = sum(A) + sum(B)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomData.draw(two.variables().values(), List.of(two.objective(null)),
                Map.of("k", 5000), 1, RandomData.Mode.MIXED)).hasMessageContaining("'B' brings the variables to 5.00e+07 entries");
    }

    @Test void sizes_of_dimensions_used_only_in_expressions() {
        Program p = program("vector x(n)\nf = x'*x + sum(ones(k))");
        Expr f = p.objective(null);
        Bindings b = RandomData.draw(p.variables().values(), List.of(f), Map.of(), 1, RandomData.Mode.MIXED);
        assertThat(b.dimSizes()).containsKeys("n", "k");
        assertThat(Double.isFinite(new Evaluator(b).scalar(f))).isTrue();
    }

    /** kron(A, …) of nine n×n factors has 3^18 entries at the first default n = 3, more than a check should hold: n = 2 has 2^18. */
    @Test void a_kronecker_tower_is_checked_at_smaller_sizes() {
        Program p = program("matrix A(n, n)\nf = tr(" + "kron(A, ".repeat(8) + "A" + ")".repeat(8) + ")");
        Expr f = p.objective(null);
        Map<String, Integer> at = RandomData.atRandomPoint(List.of(f), Map.of(), 1, Bindings::dimSizes);
        assertThat(at).containsEntry("n", 2);
        // one factor fewer is small enough at the usual defaults
        Program q = program("matrix A(n, n)\nf = tr(kron(A, kron(A, A)))");
        assertThat(RandomData.atRandomPoint(List.of(q.objective(null)), Map.of(), 1, Bindings::dimSizes)).containsEntry("n", 3);
    }

    static String shape(RealMatrix m) { return m.getRowDimension() + "×" + m.getColumnDimension(); }
}
