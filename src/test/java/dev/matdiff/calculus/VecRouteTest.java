package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.TextPrinter;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gradient through vec and Kronecker products, as seeds 002 and 004 derive it. */
class VecRouteTest {

    /** W1 and b1 both reach L through h1: ∂L/∂h1 is derived and shown once (trial s72b: the blocks came twice). */
    @Test void eachIntermediatesRowIsDerivedOnce() throws Exception {
        MatDiff md = MatDiff.parse(Files.readString(Path.of("samples", "two-layer-network.mdiff")));
        Derivation d = md.derive(null, List.of("W1", "b1", "W2", "b2"), Deriver.Options.DEFAULT.withVecRoute(true));
        List<String> rows = d.steps().stream().filter(s -> s.phase() == Step.Phase.JACOBIAN)
                .map(s -> s.lhs().text() + " = " + TextPrinter.print(s.expr())).toList();
        assertThat(rows).doesNotHaveDuplicates();
        assertThat(rows).filteredOn(r -> r.startsWith("∂L/∂h1 =")).hasSize(1);
        assertThat(rows).filteredOn(r -> r.startsWith("∂L/∂h2 =")).hasSize(1);
        // the same gradients as the trace route's
        Derivation trace = md.derive(null, List.of("W1", "b1", "W2", "b2"));
        assertThat(TextPrinter.print(d.gradient("W2"))).isEqualTo(TextPrinter.print(trace.gradient("W2")));
    }
}
