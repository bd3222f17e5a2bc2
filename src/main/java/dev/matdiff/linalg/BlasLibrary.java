package dev.matdiff.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded BLAS and LAPACK pair, and what it is for people. {@link #selected()} loads the native
 * library the first time it is asked for, not when matdiff starts: loading OpenBLAS through JNI
 * takes about 0.1 s (netlib copies its JNI glue to a temporary file, OpenBLAS starts its threads),
 * which a command whose matrices are all small enough for matdiff's own loops never pays.
 */
final class BlasLibrary {

    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    /*
     * netlib's first getInstance, of its Java BLAS too, loads the native library, and OpenBLAS starts its threads, which under a
     * limit on virtual memory retry a failed 128 MB allocation for ever (--version spun at 100% under ulimit -v 850000): with
     * -Dmatdiff.blas=java, unless a native library is named, netlib is pointed at one that does not exist.
     */
    static {
        if (System.getProperty("matdiff.blas", "auto").trim().equalsIgnoreCase("java"))
            for (String lib : new String[] {"dev.ludovic.netlib.blas.nativeLib", "dev.ludovic.netlib.lapack.nativeLib"})
                if (System.getProperty(lib) == null && System.getProperty(lib + "Path") == null) System.setProperty(lib, "matdiff-java-only");
    }

    final BLAS blas;
    final LAPACK lapack;
    final boolean nativeBlas, nativeLapack;
    /** What people are told; null until first asked for a native library (reading /proc/self/maps costs 20 ms). */
    private volatile String description;

    private BlasLibrary(BLAS blas, LAPACK lapack, String description) {
        this.blas = blas;
        this.lapack = lapack;
        this.nativeBlas = blas instanceof NativeBLAS;
        this.nativeLapack = lapack instanceof NativeLAPACK;
        this.description = description;
    }

    /** Native when it loads (and {@code matdiff.blas} is not {@code java}), else Java; loaded on the first call. */
    static BlasLibrary selected() { return Selected.INSTANCE; }

    /** netlib's pure-Java BLAS and F2J's LAPACK. */
    static BlasLibrary java() { return Java.INSTANCE; }

    String description() {
        String d = description;
        if (d == null) description = d = nativeDescription(blas, lapack);
        return d;
    }

    private static final class Java {
        static final BlasLibrary INSTANCE;
        static {
            quiet();
            INSTANCE = new BlasLibrary(JavaBLAS.getInstance(), JavaLAPACK.getInstance(), javaName(JavaBLAS.getInstance()));
        }
    }

    private static final class Selected {
        static final BlasLibrary INSTANCE = select();
    }

    /**
     * netlib logs a warning for every implementation that fails to load (the native library on a
     * machine without one, the vectorised Java BLAS without {@code --add-modules jdk.incubator.vector}):
     * a command-line tool must not print them, and the description says what was chosen instead.
     */
    private static void quiet() {
        if (NETLIB_LOG.getLevel() == null) NETLIB_LOG.setLevel(Level.SEVERE);
    }

    private static BlasLibrary select() {
        quiet();
        String choice = System.getProperty("matdiff.blas", "auto").trim().toLowerCase(Locale.ROOT);
        // the launcher chooses it under ulimit -v, and says so: the user gave no -Dmatdiff.blas (trial s62a)
        String by = System.getProperty("matdiff.blas.chosenBy");
        if (choice.equals("java")) return java().describedAs(javaName(java().blas) + ", chosen " + (by != null && !by.isEmpty() ? "by " + by : "with -Dmatdiff.blas=java"));
        BLAS b = null;
        LAPACK l = null;
        try {
            b = NativeBLAS.getInstance();
        } catch (Throwable e) {  // netlib's "Unable to load native implementation", or a link error
            // fall back to Java below
        }
        try {
            l = NativeLAPACK.getInstance();
        } catch (Throwable e) {
            // likewise
        }
        if (b == null && l == null)
            return java().describedAs(javaName(java().blas) + "; no native BLAS found (apt-get install libopenblas0 for native speed)");
        return new BlasLibrary(b == null ? java().blas : b, l == null ? java().lapack : l, null);
    }

    private BlasLibrary describedAs(String text) { return new BlasLibrary(blas, lapack, text); }

    private static String javaName(BLAS b) {
        return b.getClass().getSimpleName().startsWith("Vector") ? "Java (vectorised, jdk.incubator.vector)" : "Java";
    }

    /** "OpenBLAS 0.3.21 (native, JNI: /usr/lib/…/libblas.so.3, liblapack.so.3)", or each named apart when they differ. */
    private static String nativeDescription(BLAS b, LAPACK l) {
        List<String> libraries = mappedLibraries();
        Library nb = b instanceof NativeBLAS ? library(libraries, "blas") : null;
        Library nl = l instanceof NativeLAPACK ? library(libraries, "lapack") : null;
        if (nb != null && nl != null && nb.vendor.equals(nl.vendor))
            return nb.vendor + " (native, JNI: " + nb.path + ", " + nl.path.substring(nl.path.lastIndexOf('/') + 1) + ")";
        return "BLAS " + (nb == null ? javaName(b) : nb) + "; LAPACK " + (nl == null ? "Java (F2J)" : nl);
    }

    /** The files mapped into this process (Linux), where the native library that netlib loaded shows its real path. */
    private static List<String> mappedLibraries() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.indexOf('/') >= 0 ? line.substring(line.indexOf('/')) : "")
                    .filter(p -> p.contains(".so")).distinct().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A native library that netlib loaded: who made it ("OpenBLAS 0.3.21") and the file it was loaded from. */
    private record Library(String vendor, String path) {
        @Override public String toString() { return vendor + " (native, JNI: " + path + ")"; }
    }

    /** The loaded library whose file name contains {@code kind} ("blas", "lapack"), named after its maker. */
    private static Library library(List<String> libraries, String kind) {
        // the file netlib opened (libblas.so.3) if it shows, else the one it pulled in (libopenblasp-r0.3.21.so)
        String path = null;
        for (String p : libraries) {
            String file = p.substring(p.lastIndexOf('/') + 1);
            if (file.startsWith("lib" + kind + ".so")) { path = p; break; }
            if (path == null && file.contains(kind) && !file.contains("netlib")) path = p;
        }
        if (path == null) return new Library("native " + kind.toUpperCase(Locale.ROOT), "lib" + kind + ".so.3");
        String lower = path.toLowerCase(Locale.ROOT);
        String vendor = lower.contains("openblas") ? "OpenBLAS"
                : lower.contains("mkl") ? "Intel MKL"
                : lower.contains("blis") ? "BLIS"
                : lower.contains("atlas") ? "ATLAS"
                : "native " + kind.toUpperCase(Locale.ROOT);
        if (vendor.equals("OpenBLAS"))
            // OpenBLAS's own file carries its version: libopenblasp-r0.3.21.so (p: the pthread build)
            for (String p : libraries) {
                Matcher m = OPENBLAS_VERSION.matcher(p.substring(p.lastIndexOf('/') + 1));
                if (m.matches()) { vendor += " " + m.group(1); break; }
            }
        return new Library(vendor, path);
    }

    private static final Pattern OPENBLAS_VERSION = Pattern.compile("libopenblas\\w*-r(\\d+(?:\\.\\d+)*)\\.so.*");
}
