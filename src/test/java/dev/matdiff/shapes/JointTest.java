package dev.matdiff.shapes;

import dev.matdiff.MatDiff;
import dev.matdiff.source.MatDiffException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Facts on one symbol that no data satisfies together are an error at the later one, naming the earlier. */
class JointTest {

    private static String program(String first, String second) {
        return "matrix Y(k, k) constant\nmatrix R(3, 2) constant\nvector y(k) constant\nvector z(3) constant\nvector x(k)\n"
                + "assume " + first + "\nassume " + second + "\nf = x'*y + sum(Y) + sum(R) + sum(z)\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sum(y) = 2 | sum(y) = 1 | the same sum cannot be both 2 and 1",
            "norm(z) = 1 | sum(z) = 2 | 3 entries that add up to 2 have a length of at least 1.1547",
            "sum(Y, 1) = 1 | sum(Y, 2) = 2 | a square matrix's row sums and column sums add up to the same sum of all entries",
            "sum(R, 1) = 1 | sum(R, 2) = 1 | they make the sum of all entries 2 and 3",
            "sum(y) = 1 | sum(y, 1) = -1 | they make the sum of all entries 1 and -1",
            "sum(Y) = 1 | sum(Y, 1) = -1 | one makes the sum of all entries positive, the other negative",
            "sum(z, 2) = 1 | norm(z) = 1 | they leave only one value, of length 1.73205",
    })
    void aContradictionIsAnErrorAtTheLaterFact(String first, String second, String why) {
        assertThatThrownBy(() -> MatDiff.parse(program(first, second)))
                .isInstanceOf(MatDiffException.class)
                .hasMessage(second + " contradicts the assumption " + first + " at line 6: " + why)
                .satisfies(e -> assertThat(((MatDiffException) e).pos().line()).isEqualTo(7));
    }

    /** Possible for some sizes not known yet (k ≥ 4), or possible outright: accepted. */
    @ParameterizedTest
    @ValueSource(strings = {"sum(y) = 2 | norm(y) = 1", "sum(Y, 1) = 1 | sum(Y, 2) = 1", "sum(y) = 1 | sum(y) = 1",
            "sum(z) = 1 | norm(z) = 1", "sum(R, 1) = 3 | sum(R, 2) = 2", "sum(Y) = 6 | sum(Y, 1) = 2"})
    void factsThatSomeDataSatisfiesAreAccepted(String facts) {
        String[] two = facts.split(" \\| ");
        assertThatCode(() -> MatDiff.parse(program(two[0], two[1]))).doesNotThrowAnyException();
    }

    @Test
    void aSumThatNoWholeNumberOfColumnsReachesIsAContradiction() {
        assertThatThrownBy(() -> MatDiff.parse(program("sum(Y) = 5", "sum(Y, 1) = 2")))
                .hasMessageEndingWith("no number of columns makes their sums of all entries agree");
    }
}
