package dev.matdiff.codegen;

import dev.matdiff.expr.CodeForm;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@link Op} row that is not an operator has its spelling in NumPy, PyTorch and Java, and
 * every helper or size a spelling names exists: a new function without one fails here instead of
 * {@code matdiff codegen} failing on the first program that calls it. (That the spellings compute
 * the right numbers is {@code GeneratedCodeTest}'s part, which runs them.)
 */
class SpellingRowTest {

    private static final Set<String> SIZES = Set.of("rows", "cols", "shape");

    @ParameterizedTest
    @EnumSource(Op.class)
    void everyFunctionIsSpelledInEachLanguage(Op op) {
        CodeForm code = op.spec().code();
        if (op.kind() == OpSpec.Kind.OPERATOR) {
            assertThat(code).as("an operator is structure, spelled by each emitter").isNull();
            return;
        }
        assertThat(code).as("%s has no .code(numpy, torch, java) on its row", op).isNotNull();
        check(op.toString(), code, op.arity());
    }

    @ParameterizedTest
    @EnumSource(Term.Form.class)
    void everyFormOfGeneratedCodeIsSpelledInEachLanguage(Term.Form form) {
        check(form.toString(), form.code(), form == Term.Form.SOLVE ? 2 : 1);
    }

    private static void check(String what, CodeForm code, int arity) {
        for (String t : List.of(code.numpy(), code.torch(), code.java())) {
            assertThat(t).as("%s: a spelling", what).isNotBlank();
            for (int i = 0; i < Math.max(arity, 0); i++) assertThat(t).as("%s: %s reads argument %d", what, t, i).contains("$" + i);
            assertThat(Templates.sizes(t)).as("%s: sizes in %s", what, t).allMatch(SIZES::contains);
        }
        for (String h : Templates.helpers(code.numpy()))
            assertThat(PythonRuntime.of(Language.NUMPY)).as("%s: NumPy helper _%s", what, h).containsKey(h);
        for (String h : Templates.helpers(code.torch()))
            assertThat(PythonRuntime.of(Language.TORCH)).as("%s: PyTorch helper _%s", what, h).containsKey(h);
        for (String h : Templates.helpers(code.java())) assertThat(JavaRuntime.HELPERS).as("%s: Java helper %s", what, h).containsKey(h);
    }

    @Test
    void aTemplateThatWouldComputeAnArgumentTwiceIsRefused() {
        assertThatThrownBy(() -> CodeForm.of("np.vdot($0, $0)", "x", "y")).hasMessageContaining("twice");
    }

    @Test
    void anArgumentIsParenthesisedUnlessItStandsAloneOrIsAnAtom() {
        assertThat(Templates.fill("np.exp($0)", i -> new Templates.Arg("a + b", false), w -> "", h -> h)).isEqualTo("np.exp(a + b)");
        assertThat(Templates.fill("$0.getTrace()", i -> new Templates.Arg("a + b", false), w -> "", h -> h)).isEqualTo("(a + b).getTrace()");
        assertThat(Templates.fill("$0.getTrace()", i -> new Templates.Arg("inv(a)", true), w -> "", h -> h)).isEqualTo("inv(a).getTrace()");
        assertThat(Templates.fill("@unvec($0, $rows, $cols)", i -> new Templates.Arg("v", true), w -> w.equals("rows") ? "m" : "n", h -> "_" + h))
                .isEqualTo("_unvec(v, m, n)");
    }
}
