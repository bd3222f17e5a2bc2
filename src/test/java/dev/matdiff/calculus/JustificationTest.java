package dev.matdiff.calculus;

import dev.matdiff.expr.Exprs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a step's laws read in its brackets: one number said once over its laws, and laws with no number before the rest. */
class JustificationTest {

    private static String cited(Law... laws) {
        return new Step(Step.Phase.DIFFERENTIALS, null, Exprs.num(0), List.of(laws), Note.NONE, null, List.of()).justification();
    }

    @Test void lawsOfOneNumberStandTogetherAndSayItOnce() {
        // d(aA), of Thm 2.1 (2) as d(AC) is, comes after Thm 2.1 (3) in the step but stands with d(AC)
        String text = cited(Law.D_SUM, Law.D_PRODUCT, Law.D_TRANSPOSE, Law.D_SCALE);
        assertThat(text).isEqualTo("Thm 2.1 (1) d(A ± B) = dA ± dB; Thm 2.1 (2) d(AC) = (dA)C + A(dC); d(aA) = (da)A + a dA with a scalar a; "
                + "Thm 2.1 (3) d(Aᵀ) = (dA)ᵀ");
    }

    @Test void aLawWithNoNumberComesFirstSoThatItIsNotReadAsOfTheOneBefore() {
        String text = cited(Law.D_SUM, Law.D_QUOTIENT);
        assertThat(text).isEqualTo("d(A/a) = dA/a − A da/a²; Thm 2.1 (1) d(A ± B) = dA ± dB");
    }
}
