package dev.matdiff.codegen;

import org.apache.commons.math3.linear.RealMatrix;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles generated classes in this JVM with {@code javac -Xlint:all} against Commons Math alone
 * (the jar the tests have, not matdiff's classes), and loads them.
 */
final class InMemoryJavac {
    private InMemoryJavac() {}

    /**
     * Every diagnostic javac gave (a warning is a failure of the generator), a loader of the
     * classes compiled, and their bytes by name (to run one in a JVM of its own).
     */
    record Result(boolean success, List<String> diagnostics, ClassLoader loader, Map<String, byte[]> classes) {
        /** No diagnostic from javac -Xlint:all, and every class compiled. */
        void assertClean() {
            org.assertj.core.api.Assertions.assertThat(diagnostics).isEmpty();
            org.assertj.core.api.Assertions.assertThat(success).isTrue();
        }

        /** Writes the class files under dir, for a JVM of their own. */
        void write(Path dir) throws java.io.IOException {
            for (var e : classes.entrySet()) java.nio.file.Files.write(dir.resolve(e.getKey().replace('.', '/') + ".class"), e.getValue());
        }

        Class<?> load(String name) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The Commons Math jar, the only library generated code may use. */
    static Path commonsMath() {
        try {
            return Path.of(RealMatrix.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Result compile(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, java.nio.charset.StandardCharsets.US_ASCII);
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
        }));
        List<String> options = List.of("-Xlint:all", "-classpath", commonsMath().toString());
        boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics())
            messages.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName()) + ":" + d.getLineNumber() + ": " + d.getMessage(null));
        ClassLoader loader = new ClassLoader(InMemoryJavac.class.getClassLoader()) {
            @Override protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        Map<String, byte[]> bytes = new HashMap<>();
        classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
        return new Result(ok, messages, loader, bytes);
    }
}
