package dev.matdiff.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProseTest {
    @Test void aListReadsAsASentenceDoes() {
        assertThat(Prose.and(List.of())).isEmpty();
        assertThat(Prose.and(List.of("eval"))).isEqualTo("eval");
        assertThat(Prose.and(List.of("eval", "check"))).isEqualTo("eval and check");
        assertThat(Prose.and(List.of("relu(x)", "abs(x)", "sign(x)"))).isEqualTo("relu(x), abs(x) and sign(x)");
    }
}
