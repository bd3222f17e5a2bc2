package dev.matdiff.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The notes on what a program says by the language's rules that its writer may have meant otherwise. */
class ReadingNotesTest {

    /** softmax(Q*K'/sqrt(d))*V, attention as textbooks write it in rows, gets column weights: said, with the rows' form (trial s74b). */
    @Test
    void attentionWrittenInRowsSaysSoftmaxWorksOnColumns() {
        String rows = "matrix Q(N, d), K(N, d), V(N, e); matrix T(N, e) constant; O = softmax(Q*K'/sqrt(d))*V; L = sqnorm(O - T)/2";
        Cli r = Cli.run("derive", "-e", rows, "--no-steps");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("matdiff: note: softmax(Q*K'/sqrt(d)) sums to 1 down each column (softmax works column by column), "
                + "not along each row as the weights of attention written softmax(QKᵀ)V do; for those write softmax((Q*K'/sqrt(d))')'\n");
        // the form it suggests is one the note does not fire on, and it checks
        Cli fixed = Cli.run("check", "-e", rows.replace("softmax(Q*K'/sqrt(d))*V", "softmax((Q*K'/sqrt(d))')'*V"));
        assertThat(fixed.exit()).as(fixed.out()).isZero();
        assertThat(fixed.err()).isEmpty();
        // attention in columns, and a mixture's responsibilities (k×N) times the data: nothing to say
        assertThat(Cli.run("derive", "samples/attention.mdiff", "--no-steps").err()).isEmpty();
        assertThat(Cli.run("derive", "-e", "matrix W(k, d), X(d, N); sqnorm(softmax(W*X)*X')", "--no-steps").err()).isEmpty();
        // a softmax of a Gram matrix mixes by columns on purpose (review s74r)
        assertThat(Cli.run("derive", "-e", "matrix E(n, k); matrix P(n, N), Y(n, N) constant; L = -sum(Y .* log(softmax(E*E')*P))",
                "--no-steps").err()).isEmpty();
        // the scores named, masked, or of another length (cross-attention): said too
        assertThat(Cli.run("derive", "-e", "matrix Q(N,d), K(N,d), V(N,e); S = Q*K'/sqrt(d); P = softmax(S); L = sum(P*V)", "--no-steps").err())
                .contains("for those write softmax(S')'");
        assertThat(Cli.run("derive", "-e", "matrix Q(N,d), K(N,d), V(N,e), M(N,N); sum(softmax(Q*K' + M)*V)", "--no-steps").err())
                .contains("for those write softmax((Q*K' + M)')'");
        assertThat(Cli.run("derive", "-e", "matrix Q(n,d), K(p,d), V(p,e); sum(softmax(Q*K')*V)", "--no-steps").err())
                .contains("for those write softmax((Q*K')')'");
    }

    /** tr(sqrt(X'*X)), the trace norm's form, takes square roots of the entries: said, as for tr(sin(X)) (trial s74b). */
    @Test
    void theTraceOfAnEntrywiseFunctionOfAGramMatrixSaysSo() {
        assertThat(Cli.run("derive", "-e", "matrix X(m,n); tr(sqrt(X'*X))", "--no-steps").err()).isEqualTo("matdiff: note: in tr(sqrt(X'*X)), "
                + "sqrt acts entry by entry, as every function of the language does, not as a matrix function (the language has none)\n");
        assertThat(Cli.run("derive", "-e", "matrix X(m,n), A(n,n); tr(sqrt(X'*X + A))", "--no-steps").err()).isEmpty();
        assertThat(Cli.run("derive", "-e", "matrix X(m,n); G = X'*X; L = tr(sqrt(G))", "--no-steps").err()).contains("in tr(sqrt(G)), sqrt acts");
        // |·| has no matrix function to be mistaken for
        assertThat(Cli.run("derive", "-e", "matrix X(m,n); tr(abs(X'*X))", "--no-steps").err()).isEmpty();
    }
}
