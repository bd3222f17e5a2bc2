package dev.matdiff.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The BLAS and LAPACK under matdiff's linear algebra, through {@code dev.ludovic.netlib}: the
 * system's {@code libblas.so.3} and {@code liblapack.so.3} (OpenBLAS, say) through JNI when they
 * load, else a pure-Java implementation (netlib's Java BLAS, F2J's LAPACK), so a machine without
 * a native library still works, only slower. {@link #get()} is the one in use and
 * {@link #describe()} says which it is; {@link #java()} is always the pure-Java one. Which library
 * to use is decided, and the library loaded, by the first call that needs it ({@link BlasLibrary}).
 *
 * <p>The system property {@code matdiff.blas=java} forces the Java implementation; netlib's own
 * {@code dev.ludovic.netlib.blas.nativeLib} / {@code dev.ludovic.netlib.lapack.nativeLib} (a
 * library name) and {@code ...nativeLibPath} (a file) choose the native library to load.
 *
 * <p>Everything here works on matdiff's row-major arrays ({@link Dense}); BLAS is column-major,
 * and a row-major r×c array is the column-major c×r transpose, so C = op(A)·op(B) is computed as
 * Cᵀ = op(B)ᵀ·op(A)ᵀ with the transposes passed as flags: nothing is copied.
 */
public final class Blas {

    /** Below this many multiply-adds (m·k·n) a product stays on {@link Matrices}' own loops. */
    // Measured (one OpenBLAS 0.3.21 thread, Java 17, n×n): n = 8, native dgemm 3.0 GFLOP/s, netlib's
    // Java dgemm 1.3, Matrices' row loop 2.3; n = 16: 13, 7.2 and 3.5; n = 64: 36, 9.3 and 5.2;
    // n ≥ 128: 41–45, 4.5 and 4.7–5.0 (Commons Math's block product 4.9).
    public static final long GEMM_MIN = 16 * 16 * 16;

    /** Below this many entries a matrix times a vector stays on Matrices' loops. */
    // Measured (n×n times a vector): n = 16, native dgemv 0.18 µs, Java 0.14, Matrices' loops 0.15–0.17;
    // n = 32: 0.26, 0.39 and 0.54; n = 256: 7.5, 21 and 29–53; n = 1024: 134, 330 and 460–940.
    public static final long GEMV_MIN = 32 * 32;

    /** The library, loaded on first use ({@link BlasLibrary#selected()} or {@link BlasLibrary#java()}). */
    private final Supplier<BlasLibrary> library;
    /** How many slabs a large product is split into, each multiplied on a thread of its own (1: not split). */
    private final int slabs;

    private Blas(Supplier<BlasLibrary> library, int slabs) {
        this.library = library;
        this.slabs = slabs;
    }

    /**
     * This BLAS using {@code threads} cores for large products. A native BLAS sets its own thread count
     * when it loads (OpenBLAS from {@code OPENBLAS_NUM_THREADS}, which only the environment the JVM
     * starts in can set): when it runs one thread, or for the Java BLAS, a large product is split here
     * into {@code threads} slabs of rows, each a single-threaded call on a thread of its own; when it
     * runs several already, it is left to them (splitting as well would put threads² on the cores).
     * Factorisations are never split here: only the native library's own threads speed them up.
     */
    public Blas withThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        int split = threads == 1 || nativeThreads() > 1 ? 1 : threads;
        return split == slabs ? this : new Blas(library, split);
    }

    /** This BLAS with products split into {@code slabs} whatever the native library runs (for tests). */
    Blas withSlabs(int slabs) { return new Blas(library, slabs); }

    /** The threads a product is split over here (see {@link #withThreads}). */
    public int slabs() { return slabs; }

    /**
     * The threads the native BLAS runs, as the environment it loaded in says: OpenBLAS reads
     * OPENBLAS_NUM_THREADS, then GOTO_NUM_THREADS, then OMP_NUM_THREADS, else uses every core; 1 for
     * the Java BLAS.
     */
    public int nativeThreads() { return library.get().nativeBlas ? NativeThreads.COUNT : 1; }

    /** The threads OpenBLAS starts with: those its environment variable gives, else every core. */
    public static int threadsByDefault() { return NativeThreads.COUNT; }

    private static final class NativeThreads {
        static final int COUNT = threadVariable() == null ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(System.getenv(threadVariable()).trim());
    }

    /** The environment variable the native BLAS took its thread count from, or null (every core). */
    public static String threadVariable() {
        for (String name : new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = System.getenv(name);
            if (v == null || v.isBlank()) continue;
            try {
                if (Integer.parseInt(v.trim()) > 0) return name;
            } catch (NumberFormatException e) {
                // OpenBLAS ignores a value it cannot read; so do we
            }
        }
        return null;
    }

    /** How many cores a product uses with {@code threads} asked for, and by whose threads, for people. */
    public String threadsText(int threads) {
        Blas b = withThreads(threads);
        if (b.slabs > 1) return threads + " threads (products split into " + b.slabs + " slabs here; the native BLAS runs 1)";
        int n = nativeThreads();
        if (!library.get().nativeBlas) return "1 thread";
        String from = threadVariable() == null ? "every core: OPENBLAS_NUM_THREADS is not set" : threadVariable() + "=" + n;
        return (n == 1 ? "1 thread" : n + " threads of its own") + " (" + from + ")";
    }

    private static final Blas SELECTED = new Blas(BlasLibrary::selected, 1), JAVA = new Blas(BlasLibrary::java, 1);

    /**
     * The implementation in use: native when it loads (and {@code matdiff.blas} is not {@code java}), else
     * Java. Nothing is loaded until a call needs the library.
     */
    public static Blas get() { return SELECTED; }

    /** The pure-Java implementation, whatever {@link #get()} chose. */
    public static Blas java() { return JAVA; }

    /** Which BLAS and LAPACK {@link #get()} uses, for people: "OpenBLAS (native, JNI: /usr/lib/…)" or "Java (…)". */
    public static String describe() { return get().description(); }

    public String description() { return library.get().description(); }

    /** Whether both BLAS and LAPACK are native code. */
    public boolean isNative() { return library.get().nativeBlas && library.get().nativeLapack; }

    BLAS blas() { return library.get().blas; }

    LAPACK lapack() { return library.get().lapack; }

    // ---- products on row-major arrays

    /**
     * op(A)·op(B) for row-major arrays, op(A) m×k and op(B) k×n: {@code a} holds A (m×k, or k×m when
     * {@code ta}), {@code b} holds B (k×n, or n×k when {@code tb}). Returns a fresh row-major m×n array.
     */
    public double[] gemm(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n) {
        double[] c = new double[m * n];
        int parts = (long) m * k * n < SPLIT_MIN ? 1 : Math.min(slabs, m / 32);
        if (parts <= 1) {
            gemmRows(a, ta, b, tb, m, k, n, c, 0, m);
            return c;
        }
        List<Future<?>> running = new java.util.ArrayList<>(parts);
        for (int p = 1; p < parts; p++) {
            int r0 = (int) ((long) m * p / parts), r1 = (int) ((long) m * (p + 1) / parts);
            running.add(Slabs.POOL.submit(() -> gemmRows(a, ta, b, tb, m, k, n, c, r0, r1)));
        }
        gemmRows(a, ta, b, tb, m, k, n, c, 0, (int) ((long) m / parts));
        for (Future<?> f : running) join(f);
        return c;
    }

    /** Below this many multiply-adds a product is not split over threads: the hand-offs would cost more. */
    static final long SPLIT_MIN = 96L * 96 * 96;

    /** Rows r0..r1 of C = op(A)·op(B) into c. */
    private void gemmRows(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n, double[] c, int r0, int r1) {
        gemmBlock(a, ta, b, tb, m, k, n, c, r0, r1, n);
    }

    /** Rows r0..r1, columns 0..c1 of C = op(A)·op(B) into c. */
    private void gemmBlock(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n, double[] c, int r0, int r1, int c1) {
        // column-major: Cᵀ (n×m) = op(B)ᵀ (n×k) · op(A)ᵀ (k×m); B's array read column-major is Bᵀ. Rows r0..r1 of C
        // are columns of Cᵀ, and the same columns of op(A)ᵀ: A's rows (offset r0·k) or, transposed, its columns (offset r0)
        blas().dgemm(tb ? "T" : "N", ta ? "T" : "N", c1, r1 - r0, k, 1.0, b, 0, tb ? k : n, a, ta ? r0 : r0 * k, ta ? m : k,
                0.0, c, r0 * n, n);
    }

    /**
     * op(A)·op(B), n×n, for a product symmetric by its form (A·S·Aᵀ): the blocks on and below the
     * diagonal only (about 56% of the work at n = 1,024), the lower triangle then copied onto the upper.
     */
    public double[] gemmSymmetric(double[] a, boolean ta, double[] b, boolean tb, int n, int k) {
        int blocks = Math.max(1, Math.min(8, n / 128));
        if (blocks == 1 || slabs > 1) {
            double[] c = gemm(a, ta, b, tb, n, k, n);
            Triangles.lowerToUpper(c, n);
            return c;
        }
        double[] c = new double[n * n];
        for (int q = 0; q < blocks; q++) {
            int r0 = (int) ((long) n * q / blocks), r1 = (int) ((long) n * (q + 1) / blocks);
            gemmBlock(a, ta, b, tb, n, k, n, c, r0, r1, r1);
        }
        Triangles.lowerToUpper(c, n);
        return c;
    }

    private static void join(Future<?> f) { await(f); }

    /** f's value, waited for even through an interrupt (the work writes into the caller's arrays), its exception rethrown as it was. */
    private static <T> T await(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static final class Slabs {
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "matdiff-blas");
            t.setDaemon(true);
            return t;
        });
    }

    /** op(A)·x for a row-major r×c array A: A·x (length r), or Aᵀ·x (length c) when {@code transposed}. */
    public double[] gemv(double[] a, int r, int c, boolean transposed, double[] x) {
        double[] y = new double[transposed ? c : r];
        // A's array read column-major is Aᵀ (c×r, leading dimension c)
        blas().dgemv(transposed ? "N" : "T", c, r, 1.0, a, c, x, 1, 0.0, y, 1);
        return y;
    }

    /**
     * op(A)·op(A)ᵀ for a row-major r×c array A: A·Aᵀ (r×r), or Aᵀ·A (c×c) when {@code transposed}, by
     * dsyrk (half a product's work) with the other triangle copied, so that the result is exactly symmetric.
     */
    public double[] syrk(double[] a, int r, int c, boolean transposed) {
        int n = transposed ? c : r, k = transposed ? r : c;
        double[] out = new double[n * n];
        // A's array read column-major is Aᵀ (c×r, leading dimension c): A·Aᵀ = (Aᵀ)ᵀ(Aᵀ) is "T", Aᵀ·A = (Aᵀ)(Aᵀ)ᵀ is "N"
        blas().dsyrk("U", transposed ? "N" : "T", n, k, 1.0, a, c, 0.0, out, n);
        // the upper triangle column-major is the lower one row-major: copy it onto the upper
        Triangles.lowerToUpper(out, n);
        return out;
    }

    // ---- LAPACK on a thread with a large stack

    /**
     * Runs native LAPACK code where its stack cannot overflow. OpenBLAS's parallel LU (Debian's
     * 0.3.21 for one) allocates its thread bookkeeping on the stack at every level of its
     * recursion and overflows the JVM's default 1 MB thread stack from n = 100 on: the process
     * dies with SIGSEGV. A hand-off to a pool thread with a large stack costs 3–8 µs, small next
     * to a factorisation that is worth sending to LAPACK. Java code runs where it is, and so does a
     * factorisation OpenBLAS runs on one thread: it takes its parallel path only with more than one
     * thread and more than 10,000 entries (n ≥ 100), and its single-threaded path keeps its stack small.
     */
    <T> T onLargeStack(int n, Supplier<T> work) {
        if (!library.get().nativeLapack || Thread.currentThread() instanceof LargeStackThread
                || (long) n * n < 10_000 || nativeThreads() == 1) return work.get();
        return await(LargeStack.POOL.submit(work::get));
    }

    /** Stack size of the LAPACK threads: OpenBLAS's recursive LU needs a few MB at n in the thousands. */
    static final long LARGE_STACK_BYTES = 64L << 20;

    private static final class LargeStackThread extends Thread {
        LargeStackThread(Runnable r) {
            super(null, r, "matdiff-lapack", LARGE_STACK_BYTES);
            setDaemon(true);
        }
    }

    private static final class LargeStack {
        static final ExecutorService POOL = Executors.newCachedThreadPool(LargeStackThread::new);
    }

    @Override public String toString() { return description(); }
}
