package dev.matdiff.docs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract holds the language's and the command line's contracts for a reader of a clone, which has no
 * ../shared: each copy stays what the shared contract says (where the checkout sits beside it, as in CI).
 */
class ContractCopyTest {

    @ParameterizedTest
    @ValueSource(strings = {"LANGUAGE.md", "CLI.md"})
    void theCopyIsTheSharedContract(String name) throws IOException {
        Path copy = Path.of("docs/contract", name), shared = Path.of("../shared", name);
        assertThat(copy).exists();
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no ../shared beside the checkout: nothing to compare the copy with");
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(shared));
    }
}
