package dev.matdiff.syntax;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Source;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser's two stages, its per-thread machinery and its ASCII-only comments change nothing a user sees. */
class ParserTest {

    @Test void comments_lose_their_non_ascii_characters_one_for_one() {
        assertThat(Parser.withAsciiComments("x = a # ∇ᵀ − σ\ny = b")).isEqualTo("x = a #       \ny = b");
        assertThat(Parser.withAsciiComments("x = aᵀ")).isEqualTo("x = aᵀ");  // not in a comment: kept
        // a surrogate pair is one code point, which is what ANTLR counts: one space
        assertThat(Parser.withAsciiComments("# 𝔼 x\nf")).isEqualTo("#   x\nf");
        assertThat(Parser.withAsciiComments("plain")).isSameAs("plain");
    }

    /** As in MATLAB, a comment may follow a continuation: it was refused as "unexpected character '... #'". */
    @Test void a_comment_may_follow_a_line_continuation() {
        assertThat(Parser.parse(new Source("p", "vector x(n)\nf = sum(x) + ... # the rest\n  sum(x)\n")).statements()).hasSize(2);
        assertThat(Parser.parse(new Source("p", "vector x(n)\r\nf = sum(x) + ...#\r\n  sum(x)\r\n")).statements()).hasSize(2);
        // other text after the dots is still an error, not silently dropped
        assertThatThrownBy(() -> Parser.parse(new Source("p", "vector x(n)\nf = sum(x) + ... sum(x)\n"))).isInstanceOf(MatDiffException.class)
                .hasMessage("unexpected text after '...': a continuation ends its line (only a # comment may follow it)");
        // also straight after a name or a number, where other dots read as member access or a number's point
        for (String line : List.of("f = sum(x) + x...junk\n", "f = 2... junk\n"))
            assertThatThrownBy(() -> Parser.parse(new Source("p", "vector x(n)\n" + line)))
                    .hasMessageStartingWith("unexpected text after '...'");
    }

    /** A continuation on a file's last line, with no newline after it, continues into nothing (it was "unexpected character '...'"). */
    @Test void a_continuation_may_end_the_file() {
        assertThat(Parser.parse(new Source("p", "vector x(n)\nf = sum(x) ...")).statements()).hasSize(2);
        assertThat(Parser.parse(new Source("p", "vector x(n)\nf = sum(x) ... # done")).statements()).hasSize(2);
        // an operator left without its operand is the end of the input, pointed at after the dots
        assertThatThrownBy(() -> Parser.parse(new Source("p", "vector x(n)\nf = sum(x) + ...")))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("end of input")
                .satisfies(e -> assertThat(((MatDiffException) e).pos().column()).isEqualTo(16));
    }

    static List<String> hint(String text) {
        return Parser.parse(new Source("p", text)).wrtHint().stream().map(Syntax.Name::name).toList();
    }

    /** "\\s" crossed the line break: an empty hint read the next line's "vector x" as its names. */
    @Test void an_empty_wrt_hint_is_no_hint_and_does_not_read_the_next_line() {
        assertThat(hint("# wrt:\nvector x(n), y(n)\nL = x'*y\n")).isEmpty();
        assertThat(hint("# wrt:   \r\nvector x(n), y(n)\r\nL = x'*y\r\n")).isEmpty();
        assertThat(hint("#wrt\nvector x(n)\nL = sum(x)\n")).isEmpty();
    }

    @Test void wrt_hint_names_are_separated_by_commas_or_spaces() {
        assertThat(hint("# wrt: x y\nvector x(n), y(n)\nL = x'*y\n")).containsExactly("x", "y");
        assertThat(hint("# wrt: x,y , z  w\nL = 1\n")).containsExactly("x", "y", "z", "w");
        assertThat(hint("# wrt: W, b (the weights)\nL = 1\n")).containsExactly("W", "b");
    }

    /** Without the colon a hint is a comma list, so prose after the names is not read as more names. */
    @Test void without_the_colon_a_wrt_hint_is_a_comma_list() {
        assertThat(hint("# wrt x and y\nL = 1\n")).containsExactly("x");
        assertThat(hint("# wrt x, y the weights\nL = 1\n")).containsExactly("x", "y");
        assertThat(hint("# wrt: x y\nL = 1\n")).containsExactly("x", "y");
    }

    /** Each line's names, each once a line: the program's hint keeps each name once (WrtHints), a line's words deciding whether it is prose. */
    @Test void every_wrt_hint_line_counts_in_order_each_name_once_a_line() {
        assertThat(hint("# wrt: x\nvector x(n), y(n), z(n)\n# wrt: y, x, y\n  # wrt: z\nL = x'*y + sum(z)\n")).containsExactly("x", "y", "x", "z");
        assertThat(dev.matdiff.MatDiff.parse("# wrt: x\nvector x(n), y(n), z(n)\n# wrt: y, x\n  # wrt: z\nL = x'*y + sum(z)\n").program().wrtHint())
                .containsExactly("x", "y", "z");
    }

    @Test void only_a_line_that_starts_with_the_hint_is_one_wherever_else_wrt_is_written() {
        assertThat(hint("# the gradient wrt the weights, wrt: no\n# wrt: W wrt\nwrt = 1 # wrt: v\n#wrt: b\rL = 1\n"))
                .containsExactly("W", "wrt", "b");
    }

    @Test void a_word_that_only_starts_with_wrt_is_no_hint() {
        assertThat(hint("# wrtx: a\nL = 1\n")).isEmpty();
    }

    @Test void each_wrt_hint_name_knows_where_it_is_written() {
        var names = Parser.parse(new Source("p", "vector x(n)\r\n# wrt: x,  zz\nL = sum(x)\n")).wrtHint();
        assertThat(names).extracting(n -> n.pos().line(), n -> n.pos().column(), n -> n.pos().start(), n -> n.pos().stop())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 7, 20, 20), org.assertj.core.groups.Tuple.tuple(2, 11, 24, 25));
    }

    @Test void an_error_after_a_comment_is_where_it_was() {
        String text = "# Σ ∑ 𝔼 ᵀ\nmatrix A(n, n)\nf = A * * A";
        assertThatThrownBy(() -> Parser.parse(new Source("p", text))).isInstanceOf(MatDiffException.class)
                .hasMessageStartingWith("unexpected '*'")
                .satisfies(e -> {
                    var pos = ((MatDiffException) e).pos();
                    assertThat(pos.line()).isEqualTo(3);
                    assertThat(pos.column()).isEqualTo(8);
                });
    }

    @Test void a_program_after_a_syntax_error_parses_on_the_same_thread() {
        assertThatThrownBy(() -> Parser.parse(new Source("p", "f = (a"))).isInstanceOf(MatDiffException.class);
        assertThat(Parser.parse(new Source("p", "matrix A(n)\nf = tr(A'*A)")).statements()).hasSize(2);
    }

    @Test void threads_parse_at_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int k = i;
                done.add(pool.submit(() -> Parser.parse(new Source("p", "matrix A(n)\nvector x(n)\nf" + k + " = x'*A*x + " + k)).statements().size()));
            }
            for (Future<Integer> f : done) assertThat(f.get()).isEqualTo(3);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Blank lines, comments and ';' before, between and after statements are decided one token at a time (trial s64b):
     * the grammar's leading and trailing runs of separators were one ambiguous choice, and 200,000 comment lines before
     * the first statement took 270 s, each separator making ANTLR look to the end of its run. Measured by ANTLR's own
     * profile, how far its decisions look ahead in all, rather than by time.
     */
    @Test void separators_are_decided_without_looking_to_the_end_of_their_run() {
        String run = "# a comment\n;\n\n".repeat(400);
        var parser = new dev.matdiff.syntax.generated.MatDiffParser(new org.antlr.v4.runtime.CommonTokenStream(
                new dev.matdiff.syntax.generated.MatDiffLexer(org.antlr.v4.runtime.CharStreams.fromString(
                        run + "vector x(n)\n" + run + "L = sum(x)\n" + run))));
        parser.setProfile(true);
        parser.getInterpreter().setPredictionMode(org.antlr.v4.runtime.atn.PredictionMode.SLL);
        assertThat(parser.program().statement()).hasSize(2);
        // a run is looked across once where the parser must know whether a statement follows it, not once per separator
        long looked = java.util.Arrays.stream(parser.getParseInfo().getDecisionInfo()).mapToLong(d -> d.SLL_TotalLook + d.LL_TotalLook).sum();
        assertThat(looked).isLessThan(10L * parser.getTokenStream().size());
        assertThat(Parser.parse(new Source("p", run)).statements()).isEmpty();
    }
}
