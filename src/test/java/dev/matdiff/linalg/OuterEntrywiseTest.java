package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** An outer product kept as its vectors meets another value entry by entry as its written-out entries would, bit for bit. */
class OuterEntrywiseTest {

    private static double[] random(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = r.nextGaussian() * Math.exp(3 * r.nextGaussian());
        return out;
    }

    @Test void hadamardQuotientsAndSumsWithAnOuterProductAreThoseOfItsEntries() {
        Random r = new Random(5);
        double[] u = random(r, 160), v = random(r, 130), d = random(r, 160 * 130);
        RealMatrix outer = Outer.of(u, v);
        assertThat(outer).isInstanceOf(Outer.class);
        Dense formed = Outer.form(u, v), other = new Dense(160, 130, d);
        assertThat(Matrices.hadamard(outer, other).data).isEqualTo(Matrices.hadamard(formed, other).data);
        assertThat(Matrices.hadamard(other, outer).data).isEqualTo(Matrices.hadamard(other, formed).data);
        assertThat(Matrices.elementDivide(outer, other).data).isEqualTo(Matrices.elementDivide(formed, other).data);
        assertThat(Matrices.elementDivide(other, outer).data).isEqualTo(Matrices.elementDivide(other, formed).data);
        for (double c : new double[] {1, -1, 0.3}) {
            double[] kept = d.clone(), written = d.clone();
            Matrices.addTo(kept, outer, c);
            Matrices.addTo(written, formed, c);
            assertThat(kept).as("c = %s", c).isEqualTo(written);
        }
    }
}
