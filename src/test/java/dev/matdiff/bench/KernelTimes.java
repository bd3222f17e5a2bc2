package dev.matdiff.bench;

import dev.matdiff.linalg.Blas;
import dev.matdiff.linalg.Cholesky;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Lu;
import dev.matdiff.linalg.Matrices;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The linear-algebra kernels before and after BLAS, timed (not a unit test): an n×n product
 * (n = 256, 512, 1024) as Commons Math's block product (what {@code Matrices.multiply} did before,
 * the block copies made beforehand as the evaluator cached them) and through {@link Blas}, native
 * and pure Java; LU (and Cholesky, inverse) at n = 512. Prints medians, best times and GFLOP/s.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xss16m -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.matdiff.bench.KernelTimes [seconds per case]
 * </pre>
 * OpenBLAS uses every core unless {@code OPENBLAS_NUM_THREADS=1} is set before the JVM starts.
 */
public final class KernelTimes {

    private static double seconds = 2;

    public static void main(String[] args) {
        if (args.length > 0) seconds = Double.parseDouble(args[0]);
        System.out.println("BLAS in use: " + Blas.describe());
        System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS") + ", cores " + Runtime.getRuntime().availableProcessors()
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Random r = new Random(1);
        for (int n : new int[] {256, 512, 1024}) {
            Dense a = random(r, n, n), b = random(r, n, n);
            BlockRealMatrix ba = Matrices.block(a), bb = Matrices.block(b);
            double flops = 2.0 * n * n * n;
            time("gemm n=" + n + "  Commons Math blocks (before)", flops, () -> ba.multiply(bb));
            time("gemm n=" + n + "  " + Blas.get().description().split(" \\(")[0], flops, () -> Matrices.multiply(a, false, b, false, Blas.get()));
            time("gemm n=" + n + "  A'B, same", flops, () -> Matrices.multiply(a, true, b, false, Blas.get()));
            if (n <= 512 || !Blas.get().isNative())
                time("gemm n=" + n + "  Java (netlib)", flops, () -> Matrices.multiply(a, false, b, false, Blas.java()));
        }
        int n = 512;
        Dense x = random(r, n, n);
        for (int i = 0; i < n; i++) x.data[i * n + i] += 2 * Math.sqrt(n);
        RealMatrix xt = x.transpose();
        Dense spd = (Dense) Matrices.multiply(x, false, xt, false);
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) spd.data[i * n + j] = spd.data[j * n + i];
        double lu = 2.0 / 3 * n * n * n, inv = 2.0 * n * n * n, chol = 1.0 / 3 * n * n * n;
        time("LU n=512  Commons Math (before)", lu, () -> new LUDecomposition(x).getDeterminant());
        time("LU n=512  Lu, in use", lu, () -> new Lu(x).logAbsDet());
        time("LU n=512  Lu, Java (F2J)", lu, () -> new Lu(x, Blas.java()).logAbsDet());
        time("inv n=512  Commons Math LU (before)", lu + inv, () -> new LUDecomposition(x).getSolver().getInverse());
        time("inv n=512  Lu, in use", lu + inv, () -> new Lu(x).inverse());
        time("inv n=512  Lu, Java (F2J)", lu + inv, () -> new Lu(x, Blas.java()).inverse());
        time("Cholesky n=512  in use", chol, () -> Cholesky.of(spd).orElseThrow().logDet());
        time("Cholesky n=512  Java (F2J)", chol, () -> Cholesky.of(spd, Blas.java()).orElseThrow().logDet());
        time("solve n=512, 512 rhs  Lu, in use", lu + 2.0 * n * n * n, () -> new Lu(x).solve(spd));
    }

    private static Dense random(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = 2 * r.nextDouble() - 1;
        return new Dense(rows, cols, d);
    }

    private static void time(String what, double flops, Supplier<?> work) {
        long end = System.nanoTime() + (long) (seconds * 0.3e9);
        do work.get(); while (System.nanoTime() < end);  // warm up
        double[] t = new double[1000];
        int k = 0;
        end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            long s = System.nanoTime();
            work.get();
            t[k++] = (System.nanoTime() - s) / 1e6;
        } while (k < t.length && (k < 3 || System.nanoTime() < end));
        double[] sorted = Arrays.copyOf(t, k);
        Arrays.sort(sorted);
        double median = sorted[k / 2];
        System.out.printf(Locale.ROOT, "%-44s median %9.2f ms  best %9.2f ms  %6.1f GFLOP/s  (%d runs)%n",
                what, median, sorted[0], flops / median / 1e6, k);
    }
}
