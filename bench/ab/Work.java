import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.bench.Networks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One build's workloads, loaded by AB in that build's own class loader: "samples" (parse + derive each sample) or "depthK". */
public class Work implements Function<String, Runnable> {
    public Runnable apply(String what) {
        if (what.startsWith("depth")) {
            int k = Integer.parseInt(what.substring(5));
            MatDiff program = MatDiff.parse(Networks.program(k, Networks.Form.NAMED));
            List<String> wrt = Networks.weights(k);
            return () -> program.derive(null, wrt, Deriver.Mode.STAGED);
        }
        List<String> texts = new ArrayList<>();
        try (var files = Files.list(Path.of("samples"))) {
            for (Path p : files.sorted().toList()) if (p.toString().endsWith(".mdiff")) texts.add(Files.readString(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return () -> {
            for (String t : texts) {
                MatDiff m = MatDiff.parse(t);
                m.derive(null, m.program().wrtHint());
            }
        };
    }
}
