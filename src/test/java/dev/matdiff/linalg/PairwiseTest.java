package dev.matdiff.linalg;

import dev.matdiff.codegen.Python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sums (of entries, squares, products) taken in NumPy's pairwise order give NumPy's np.sum bit for bit, at every length around its block sizes. */
class PairwiseTest {

    static final int[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 136, 255, 256, 257, 1000, 4099, 262144};

    @Test void aShortSumIsTakenInOrder() {
        double[] a = {1e16, 1, -1e16, 1, 3};
        assertThat(Pairwise.sum(a)).isEqualTo((((1e16 + 1) - 1e16) + 1) + 3);
        assertThat(Pairwise.sumOfSquares(new double[] {3, 4})).isEqualTo(25);
    }

    @Test void theSumsAreNumPys(@TempDir Path dir) throws IOException {
        String python = Python.interpreterImporting("numpy");
        assumeTrue(python != null, "no python3 with NumPy");
        Random r = new Random(7);
        List<double[]> arrays = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int n : LENGTHS) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = r.nextGaussian() * Math.pow(10, 10 * r.nextDouble() - 5);
            arrays.add(a);
            StringBuilder line = new StringBuilder();
            for (double v : a) line.append(Double.toString(v)).append(' ');
            text.append(line.toString().strip()).append('\n');
        }
        Path data = dir.resolve("arrays.txt");
        Files.writeString(data, text.toString());
        String script = "import numpy as np, sys\n"
                + "for line in open(sys.argv[1]).read().split('\\n')[:-1]:\n"
                + "    a = np.array([float(v) for v in line.split()], dtype=np.float64)\n"
                + "    print(repr(float(np.sum(a))), repr(float(np.sum(a * a))), repr(float(np.sum(a * a[::-1]))))\n";
        Python.Run run = Python.run(List.of(python, "-c", script, data.toString()), dir);
        List<String> lines = run.output().lines().toList();
        assertThat(lines).as(run.output()).hasSize(LENGTHS.length);
        for (int k = 0; k < LENGTHS.length; k++) {
            String[] numpy = lines.get(k).split(" ");
            assertThat(Pairwise.sum(arrays.get(k))).as("sum of %d", LENGTHS[k]).isEqualTo(Double.parseDouble(numpy[0]));
            assertThat(Pairwise.sumOfSquares(arrays.get(k))).as("squares of %d", LENGTHS[k]).isEqualTo(Double.parseDouble(numpy[1]));
            double[] a = arrays.get(k), reversed = new double[a.length];
            for (int i = 0; i < a.length; i++) reversed[i] = a[a.length - 1 - i];
            assertThat(Pairwise.dot(a, reversed)).as("products of %d", LENGTHS[k]).isEqualTo(Double.parseDouble(numpy[2]));
        }
    }
}
