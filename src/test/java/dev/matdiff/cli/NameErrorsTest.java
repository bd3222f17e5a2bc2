package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.matdiff.cli.OneLineErrors.assertExpressionError;
import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names: unknown, declared twice, of the wrong kind, clashing with a dimension, a kind implied by the
 * first letter in -e; and what --wrt, --of and "# wrt:" may name (not a constant, not the objective
 * itself).
 */
class NameErrorsTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException { return OneLineErrors.derive(dir, program, more); }

    /** A name given to --of or --wrt that the program has, but not as what the option needs, is pointed at where it is written. */
    @Test
    void aNameOfTheWrongKindIsPointedAt() throws IOException {
        assertOneLineError(derive("matrix A(n, n), X(n, n)\nf = tr(A*X)\n", "--of", "X"), "p.mdiff:1:17",
                "'X' is a declared symbol, not a definition", "                ^");
        Path f = Files.writeString(dir.resolve("q.mdiff"), "vector x(n)\nh = 2*x\nf = sum(h)\n");
        assertOneLineError(Cli.run("codegen", f.toString(), "--wrt", "h", "--lang", "numpy"), "q.mdiff:2:1",
                "codegen differentiates with respect to the program's symbols; 'h' is an intermediate (declare it as a symbol instead)", "^");
    }

    /** h = h + x told to declare h, which then was "already declared"; a name defined further down was "unknown". */
    @Test
    void aNameUsedInOrBeforeItsOwnDefinitionIsSaidToBe() throws IOException {
        assertOneLineError(derive("vector x(n)\nh = h + x\nL = sum(h)\n"), "p.mdiff:2:5",
                "'h' is used in its own definition: a definition reads only names declared or defined before it (name the new value differently, h2 = …)",
                "    ^");
        assertOneLineError(derive("vector x(n)\nh = g + x\ng = 2*x\nL = sum(h)\n"), "p.mdiff:2:5",
                "'g' is used before its definition at line 3: define it first", "    ^");
        // in -e the objective's made-up name is one the expression does not read: f there is the scalar f
        Cli bare = Cli.run("derive", "-e", "f*sum(x)", "--no-steps");
        assertThat(bare.out()).as(bare.err()).isEqualTo("∇_f f1 = sum(x)\n∇_x f1 = f*ones(n)\n");
    }

    /** A name in a "# wrt:" comment that the program lacks is pointed at in the comment, as the contract asks of every error. */
    @Test
    void anUnknownNameInAWrtHintIsPointedAt() throws IOException {
        assertOneLineError(derive("# wrt: x, y, z\nvector x(n), y(n)\nL = x'*y\n"), "p.mdiff:1:14",
                "there is no variable 'z' to differentiate with respect to (declared: x, y)", "             ^");
        assertOneLineError(derive("vector x(n), y(n)\n# wrt: x\n#wrt: y  zz\nL = x'*y\n"), "p.mdiff:3:10",
                "there is no variable 'zz' to differentiate with respect to (declared: x, y)", "         ^~");
        // a size is said to be one, as --wrt says it (trial s64b)
        assertOneLineError(derive("vector x(n), u(m)\n# wrt: n\nL = sum(x) + sum(u)\n"), "p.mdiff:2:8",
                "there is no variable 'n' to differentiate with respect to; n is a size (a dimension of x), not a variable (declared: x, u)", "       ^");
        Cli named = derive("# wrt: x, y, z\nvector x(n), y(n)\nL = x'*y\n", "--wrt", "x", "--no-steps");
        assertThat(named.exit()).as(named.err()).isZero();  // --wrt overrides the hint, and its mistake
        // a line that names none of the program's names is prose, a comment like any other (trial s73a)
        assertPrints("# wrt: the weights\nvector x(n), y(n)\nL = x'*y\n", "∇_x L = y\n∇_y L = x\n");
        // each line on its own, beside a line of names (review s73r); one word is a name, misspelt or not
        assertPrints("# wrt: the weights\n# wrt: y\nvector x(n), y(n)\nL = x'*y\n", "∇_y L = x\n");
        // two prose lines that share a word, and a prose line beside names that repeats one of them (review s73s)
        assertPrints("# wrt: the weights\n# wrt: the biases\nvector x(n), y(n)\nL = x'*y\n", "∇_x L = y\n∇_y L = x\n");
        assertOneLineError(derive("# wrt: y\n# wrt: the y weights\nvector x(n), y(n)\nL = x'*y\n"), "p.mdiff:2:8",
                "there is no variable 'the' to differentiate with respect to (declared: x, y)", "       ^~~");
        assertOneLineError(derive("# wrt: xx\nvector x(n), y(n)\nL = x'*y\n"), "p.mdiff:1:8",
                "there is no variable 'xx' to differentiate with respect to (declared: x, y)", "       ^~");
    }

    /** The program derives, --no-steps, to these results. */
    private void assertPrints(String program, String results) throws IOException {
        Cli r = derive(program, "--no-steps");
        assertThat(r.out()).as(r.err()).isEqualTo(results);
    }

    /** "# wrt: x y" used x alone; an empty "# wrt:" took the next line's words as its names. */
    @Test
    void wrtHintsOfEveryShapeAreRead() throws IOException {
        assertPrints("# wrt: x y\nvector x(n), y(n)\nL = x'*y\n", "∇_x L = y\n∇_y L = x\n");
        assertPrints("# wrt:\nvector x(n), y(n)\nL = x'*y\n", "∇_x L = y\n∇_y L = x\n");
        assertPrints("# wrt: y\nvector x(n), y(n)\n# wrt: x, y\nL = x'*y\n", "∇_y L = x\n∇_x L = y\n");
    }

    /** A definition named as a dimension printed ∇_x L = (n + n)*ones(n): two different n's. It is refused at the definition. */
    @Test
    void aDefinitionNamedAsADimensionIsRefused() throws IOException {
        assertOneLineError(derive("vector x(n)\nn = sum(x)\nL = n*sum(x)\n"), "p.mdiff:2:1",
                "'n' is a dimension of x (line 1); name the definition differently", "^");
        // the dimension written after the definition is as ambiguous
        assertOneLineError(derive("scalar a\n  k = 3*a\nvector x(k)\nL = k*sum(x)\n"), "p.mdiff:2:3",
                "'k' is a dimension of x (line 3); name the definition differently", "  ^");
        assertOneLineError(derive("vector x\nm = sum(x)\nL = sum(ones(m))*m\n"), "p.mdiff:2:1",
                "'m' is used as a dimension on line 3; name the definition differently", "^");
    }

    /** A matrix or vector named as a dimension made sum(x)/n a division by a matrix: refused, in either order. */
    @Test
    void aMatrixOrVectorNamedAsADimensionIsRefused() throws IOException {
        assertOneLineError(derive("vector x(n)\nmatrix n(n)\nL = sum(x)\n"), "p.mdiff:2:8",
                "'n' is a dimension of x (line 1) and the name of a matrix; name the matrix differently (only a scalar may share a size's name)",
                "       ^");
        assertOneLineError(derive("vector k(2)\nvector x(k)\nL = sum(x)\n"), "p.mdiff:2:8",
                "'k' is a dimension of x (line 2) and the name of a vector; name the vector differently (only a scalar may share a size's name)",
                "       ^");
    }

    /** A scalar symbol may be named as a dimension (the number of samples, N): that is a declaration, not a definition. */
    @Test
    void aScalarNamedAsADimensionIsStillAllowed() throws IOException {
        Cli r = derive("matrix X(D, N)\nscalar N constant\nvector w(D)\nL = sum(X'*w)/N\n", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void unknownName() throws IOException {
        assertOneLineError(derive("vector x\nf = x'*z\n"), "p.mdiff:2:8", "unknown name 'z' (declare it, e.g. 'vector z' or 'scalar z')", "       ^");
        assertOneLineError(derive("vector x\nf = x'*Z*x\n"), "p.mdiff:2:8", "unknown name 'Z' (declare it, e.g. 'matrix Z')", "       ^");
    }

    @Test
    void unknownFunction() throws IOException {
        assertOneLineError(derive("vector x\nf = frob(x)\n"), "p.mdiff:2:5", "unknown function 'frob'", "    ^~~~~~~");
        assertOneLineError(derive("vector x\nf = sum(sofmax(x))\n"), "p.mdiff:2:9", "unknown function 'sofmax': did you mean 'softmax'?",
                "        ^~~~~~~~~");
        assertOneLineError(derive("matrix X(n, n)\nf = lgdet(X)\n"), "p.mdiff:2:5", "unknown function 'lgdet': did you mean 'logdet'?",
                "    ^~~~~~~~");
        // what NumPy or MATLAB call a function the language writes otherwise (user trial)
        assertOneLineError(derive("matrix A(n, n)\nvector x(n)\nf = sum(transpose(A)*x)\n"), "p.mdiff:3:9",
                "unknown function 'transpose': write A' for the transpose of A", "        ^~~~~~~~~~~~");
        assertOneLineError(derive("vector x(n)\nf = dot(x, x)\n"), "p.mdiff:2:5", "unknown function 'dot': write u'*v for dot(u, v)", "    ^~~~~~~~~");
        assertOneLineError(derive("vector x(n)\nf = sum(power(x, 2))\n"), "p.mdiff:2:9",
                "unknown function 'power': write u.^k or pow(u, k) (element-wise), or A^k (a square matrix's power)", "        ^~~~~~~~~~~");
        // a Cookbook reader's matrix functions and its Gaussians' π (Cookbook trial: sqrtm met "did you mean 'sqrt'?")
        assertOneLineError(derive("matrix X(n, n)\nf = tr(sqrtm(X))\n"), "p.mdiff:2:8", "unknown function 'sqrtm': the language has no matrix "
                + "square root (sqrt is element-wise); write the matrix as L*L' with L a variable", "       ^~~~~~~~");
        assertOneLineError(derive("matrix X(n, n)\nf = tr(logm(X))\n"), "p.mdiff:2:8",
                "unknown function 'logm': the language has no matrix logarithm (log is element-wise); tr(logm(S)) is logdet(S)", "       ^~~~~~~");
        // the textbook's Kronecker sum is not the adjoint of kron that matdiff writes (once named kronsum: trial s62a)
        assertOneLineError(derive("matrix A(m, m), B(n, n)\nf = tr(kronsum(A, B))\n"), "p.mdiff:2:8", "unknown function 'kronsum': the Kronecker "
                + "sum of A (m×m) and B (n×n) is kron(A, eye(n)) + kron(eye(m), B); blocksum(G, A) is the sum of G's blocks weighted by A's entries",
                "       ^~~~~~~~~~~~~");
        assertOneLineError(derive("symmetric S(n)\nf = -logdet(2*pi*S)/2\n"), "p.mdiff:2:15",
                "unknown name 'pi': π is not built in; write 3.141592653589793, or declare 'scalar pi constant'", "              ^~");
        assertOneLineError(derive("matrix X(n, n)\nf = tr(X^0.5)\n"), "p.mdiff:2:8",
                "a matrix power needs a whole exponent, not 0.5: the language has no matrix root (use .^ for an element-wise power)", "       ^~~~~");
        assertOneLineError(derive("symmetric S(n)\nvector x(n)\nf = x'/S*x\n"), "p.mdiff:3:7",
                "can only divide by a scalar, but S is n×n (write A*inv(S) for MATLAB's A/S, or ./ to divide element-wise)", "      ^");
    }

    @Test
    void redeclaration() throws IOException {
        assertOneLineError(derive("matrix A\nvector A\n"), "p.mdiff:2:8", "'A' is already declared at line 1", "       ^");
        assertOneLineError(derive("vector x\nL = NaN*sum(x)\n"), "p.mdiff:2:5",
                "unknown name 'NaN': a program's numbers are finite, and NaN and Inf are not numbers it can write", "    ^~~");
        // a definition is defined, not declared
        assertOneLineError(derive("matrix A\nL = tr(A)\nvector L\n"), "p.mdiff:3:8", "'L' is already defined at line 2", "       ^");
    }

    /** In -e a name's first letter makes it a symbol, but max(x) is a function the reader expected, and x(1) indexing. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sum(max(x))        | 1:5 | unknown function 'max'",
            "foo(x) + sum(x)    | 1:1 | unknown function 'foo'",
            "x(1)               | 1:1 | x is a vector (in -e, a name's first letter gives its kind), not a function: indexing x(1) is not supported",
            "w1(2) + sum(w1)    | 1:1 | w1 is a vector (in -e, a name's first letter gives its kind), not a function: indexing w1(2)",
            "sum(min(x)) + a    | 1:5 | unknown function 'min'"})
    void aCallOfAnUnknownNameInOneLine(String expr, String where, String message) {
        Cli r = Cli.run("derive", "-e", expr);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:" + where + ": " + message);
        assertThat(r.err().split("\n")).hasSize(3);
    }

    @Test
    void unknownVariableToDifferentiate() throws IOException {
        Cli r = derive("vector x\nf = x'*x\n", "--wrt", "q");
        assertThat(r.exit()).isEqualTo(2);
        // a mistake on the command line: one line, ending as the README says such mistakes end
        assertThat(r.err()).matches("matdiff derive: --wrt q: there is no variable 'q' in \\S*p\\.mdiff \\(declared: x\\) \\(see 'matdiff derive --help'\\)\n");
        // a size, and names separated by a space, are said to be what they are (user trial)
        assertThat(derive("matrix X(m, n)\nvector w(n)\nf = sum(X*w)\n", "--wrt", "n").err())
                .contains("there is no variable 'n' in ").contains("; n is a size (a dimension of X), not a variable (declared: X, w)");
        assertThat(derive("matrix X(m, n)\nvector w(n)\nf = sum(X*w)\n", "--wrt", "w X").err())
                .contains("; separate the names with commas, --wrt w,X (declared: X, w)");
        // only the names that can be differentiated are suggested, and the others said why (trial: y was suggested, then refused)
        assertThat(derive("matrix X(m, n) constant\nvector w(n)\nvector y(m) constant\nf = sqnorm(X*w - y)\n", "--wrt", "w y q").err())
                .contains("; separate the names with commas, --wrt w (y is declared constant, there is no q) (declared: X, w, y)");
        Cli of = derive("vector x\nf = x'*x\n", "--of", "g");
        assertThat(of.exit()).isEqualTo(2);
        assertThat(of.err()).matches("matdiff derive: --of g: there is no definition named 'g' in \\S*p\\.mdiff \\(defined: f\\) \\(see 'matdiff derive --help'\\)\n");
    }

    /** eval checked its --wrt first and said "p.mdiff: there is no definition named 'g'", not as a command-line mistake. */
    @Test
    void evalSaysAnUnknownObjectiveAsACommandLineMistake() throws IOException {
        java.nio.file.Path program = java.nio.file.Files.writeString(dir.resolve("p.mdiff"), "vector x(n)\nf = x'*x\n");
        java.nio.file.Path data = java.nio.file.Files.writeString(dir.resolve("d.json"), "{\"x\": [1, 2]}");
        Cli of = Cli.run("eval", program.toString(), "--data", data.toString(), "--of", "g");
        assertThat(of.exit()).isEqualTo(2);
        assertThat(of.err()).matches("matdiff eval: --of g: there is no definition named 'g' in \\S*p\\.mdiff \\(defined: f\\) \\(see 'matdiff eval --help'\\)\n");
    }

    /** 'vector w(n), y(m) constant' reads as if only y were constant: the message says the word covers the line. */
    @Test
    void aTrailingConstantThatCoversSeveralNamesIsPointedOut() throws IOException {
        Cli r = derive("matrix X(m, n) constant\nvector w(n), y(m) constant\nL = sqnorm(X*w - y)\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("has no variable to differentiate")
                .contains("(the 'constant' ending line 2 makes every name declared there constant: w, y)");
        assertThat(derive("vector w(n) constant\nvector y(m) constant\nL = sum(y)*sum(w)\n").err())
                .contains("has no variable to differentiate").doesNotContain("ending line");
    }

    @Test
    void constantIsNotDifferentiated() throws IOException {
        Cli r = derive("vector x\nvector y constant\nf = x'*y\n", "--wrt", "y");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'y' is declared constant");
    }

    @Test
    void anObjectiveOfConstantsIsShownWhereItIsDefined() throws IOException {
        assertOneLineError(derive("matrix X(n, n) constant\nL = tr(X)\n"), "p.mdiff:2:1",
                "'L' has no variable to differentiate (every symbol it depends on is constant); "
                        + "declare the one to differentiate without 'constant', or name an intermediate with --wrt", "^");
    }

    /** A variable declared and never read is named, rather than calling it constant. */
    @Test
    void anObjectiveThatReadsNoVariableNamesTheOnesItLeavesUnread() throws IOException {
        assertOneLineError(derive("vector x(2)\nL = sum(exp(3*ones(2)))\n"), "p.mdiff:2:1",
                "'L' has no variable to differentiate (it depends on no symbol; L does not depend on x); "
                        + "--wrt x gives its gradient, zero", "^");
        // written with A, but A^0 is the identity: not "A is not read by L", and not "declare A without 'constant'", which it is
        assertThat(derive("matrix A(2,2)\nL = sum(A^0)\n").err()).contains("(it depends on no symbol; L does not depend on A); --wrt A gives its gradient, zero");
    }

    /** Its body does not mention it, so taken as an independent intermediate it would come out as a wrong 0, and check would agree. */
    @Test
    void theObjectiveIsNotDifferentiatedWithRespectToItself() throws IOException {
        Cli r = derive("vector x(n)\nh = 3*x\nL = sum(h)\n", "--wrt", "L");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(":3:1: 'L' is the objective itself");
        Cli of = derive("vector x(n)\nh = 3*x\nL = sum(h)\n", "--of", "h", "--wrt", "h");
        assertThat(of.exit()).isEqualTo(2);
        assertThat(of.err()).contains(":2:1: 'h' is the objective itself");
    }

    // ---- issue 15: messages that say why

    /** Item 10: a name whose kind came from its first letter is named, with how to change it; the user's text is not reordered. */
    @Test
    void impliedKindsAreExplained() {
        assertExpressionError("b+x", "<expr>:1:2", "cannot add b (1×1) and x (?×1): shapes differ; "
                + "b is a scalar here: in -e, names a–g are scalars; declare 'vector b' to change it", " ^");
        // a size's name, as LANGUAGE.md's sum(x)/n writes it, is a size once a declaration names it (trial s75a)
        assertExpressionError("sum(x)/n", "<expr>:1:7", "can only divide by a scalar, but n is ?×1; n is a vector here: in -e, names h–z are "
                + "column vectors; declare 'scalar n' to change it, or for a size name it in a declaration, e.g. 'vector x(n)': n is then x's length", "      ^");
        // a second expression would have been the only one derived
        assertExpressionError("sum(x); sum(y)", "<expr>:1:9", "-e takes one expression to differentiate, and this is a second one "
                + "(name the first, NAME = …, to use it here, or write the program in a file)", "        ^~~~~~");
        assertExpressionError("logdet(X) + a'*inv(X)*b", "<expr>:1:11", "cannot add logdet(X) (1×1) and a'*inv(X)*b (?×?): shapes differ; "
                + "a is a scalar here: in -e, names a–g are scalars; declare 'vector a' to change it", "          ^");
        assertExpressionError("x'*A*b + c", "<expr>:1:8", "cannot add x'*A*b (1×?) and c (1×1): shapes differ; "
                + "b is a scalar here: in -e, names a–g are scalars; declare 'vector b' to change it", "       ^");
        // a Gaussian process's noise s*I: s is the one to declare, a scalar, not I a vector
        assertExpressionError("logdet(K + s*I)", "<expr>:1:13", "cannot multiply s (?×1) by I (?×?): 1 ≠ ?; "
                + "s is a vector here: in -e, names h–z are column vectors; declare 'scalar s' to change it", "            ^");
        // b'*A*b is then the matrix b²A, whose Jacobian is derived
        assertThat(Cli.run("derive", "-e", "b'*A*b", "--no-steps").out()).contains("∂vec(f)/∂b = 2*b*vec(A)");
        // declared, the name is what the declaration says
        assertThat(Cli.run("derive", "-e", "vector b; sum(b+x)", "--no-steps").out()).isEqualTo("∇_b f = ones(n)\n∇_x f = ones(n)\n");
    }

    /** lambda, λ and n are vectors by their first letter in -e: the message and the note say so, not how to broadcast. */
    @Test
    void aNameReadersTakeForAScalarIsExplained() {
        assertExpressionError("sqnorm(X*w - y) + lambda*sqnorm(w)", "<expr>:1:17", "cannot add sqnorm(X*w - y) (1×1) and lambda*sqnorm(w) (?×1): "
                + "shapes differ; lambda is a vector here: in -e, names h–z are column vectors; declare 'scalar lambda' to change it",
                "                ^");
        // in a product too: it is lambda to declare, not the other factor (the hint said: declare 'matrix x')
        assertExpressionError("lambda*x", "<expr>:1:7", "cannot multiply lambda (?×1) by x (?×1): 1 ≠ ?; "
                + "lambda is a vector here: in -e, names h–z are column vectors; declare 'scalar lambda' to change it", "      ^");
        Cli jacobian = Cli.run("derive", "-e", "λ*sum(x)", "--wrt", "x", "--no-steps");
        assertThat(jacobian.exit()).isZero();
        assertThat(jacobian.err()).isEqualTo("matdiff: note: in -e, λ is a column vector like any lowercase name after g, which makes the "
                + "expression a vector; write 'scalar λ; ' before it if λ is a scalar\n"
                + "matdiff: note: in -e, the sizes are inferred: vector λ(n), x(m)\n");
        assertThat(Cli.run("derive", "-e", "scalar lambda; sqnorm(X*w - y) + lambda*sqnorm(w)", "--wrt", "w", "--no-steps").out())
                .isEqualTo("∇_w f = 2*(X'*(X*w - y) + lambda*w)\n");
        // any Greek letter after g, spelled as LaTeX spells it
        assertThat(Cli.run("derive", "-e", "upsilon*sum(x)", "--wrt", "x", "--no-steps").err()).contains("in -e, upsilon is a column vector");
        // a mean vector named mu is no mistake: nothing to say
        assertThat(Cli.run("derive", "-e", "sqnorm(x - mu)", "--wrt", "x", "--no-steps").err()).isEmpty();
    }

    /** A result that names a size the user never wrote (mean's /n) comes with the sizes inference gave; one that names none, without. */
    @Test
    void inferredSizesAreShownWhenAResultNamesOne() {
        Cli mean = Cli.run("derive", "-e", "mean((X*w - y).^2)", "--wrt", "w", "--no-steps");
        assertThat(mean.out()).isEqualTo("∇_w f = 2*X'*(X*w - y)/n\n");
        assertThat(mean.err()).isEqualTo("matdiff: note: in -e, the sizes are inferred: matrix X(n, m); vector w(m), y(n)\n");
        assertThat(Cli.run("derive", "-e", "x'*A*y", "--no-steps").err()).isEmpty();
        assertThat(Cli.run("derive", "-e", "vector w(k); matrix X(p, k); mean(X*w)", "--wrt", "w", "--no-steps").err()).isEmpty();
        // declared without sizes, in a file or in -e: the result's ones(n) reads back with the declarations the note gives
        Cli declared = Cli.run("derive", "-e", "matrix B; vector x; L = sum(B*x)", "--no-steps");
        assertThat(declared.out()).isEqualTo("∇_B L = ones(n)*x'\n∇_x L = sum(B, 1)'\n");
        assertThat(declared.err()).isEqualTo("matdiff: note: the sizes are inferred: matrix B(n, m); vector x(m)\n");
    }

    /** The Cookbook's a'*X*b has vectors a and b; in -e they are scalars, and the note says why the result is a Jacobian. */
    @Test
    void aTransposedScalarInANonScalarExpressionIsExplained() {
        Cli jacobian = Cli.run("derive", "-e", "a'*X*b", "--wrt", "X", "--no-steps");
        assertThat(jacobian.exit()).isZero();
        // one note names every such scalar, so that following it gives the gradient
        assertThat(jacobian.err()).startsWith("matdiff: note: in -e, a, b are scalars like any name from a to g (so a' is a), and the "
                + "expression is not a scalar; write 'vector a, b; ' before it if they are vectors\n");
        assertThat(Cli.run("derive", "-e", "a'*X", "--wrt", "X", "--no-steps").err()).startsWith("matdiff: note: in -e, a is a scalar like any "
                + "name from a to g (so a' is a), and the expression is not a scalar; write 'vector a; ' before it if a is a vector\n");
        // a scalar factor beside them is not named: c*a'*X*b wants only a and b as vectors
        assertThat(Cli.run("derive", "-e", "c*a'*X*b", "--wrt", "X", "--no-steps").err()).startsWith("matdiff: note: in -e, a, b are scalars");
        assertThat(Cli.run("derive", "-e", "vector a, b; c*a'*X*b", "--wrt", "X", "--no-steps").out()).isEqualTo("∇_X f = c*a*b'\n");
        assertThat(Cli.run("derive", "-e", "vector a, b; a'*X*b", "--wrt", "X", "--no-steps").out()).isEqualTo("∇_X f = a*b'\n");
        // the Cookbook's x'*a (trial s73b): a scalar after a row makes a row, not the inner product
        assertThat(Cli.run("derive", "-e", "x^T*a", "--no-steps").err()).startsWith("matdiff: note: in -e, a is a scalar like any "
                + "name from a to g, and the expression is not a scalar; write 'vector a; ' before it if a is a vector\n");
        assertThat(Cli.run("derive", "-e", "vector a; x^T*a", "--no-steps").out()).isEqualTo("∇_a f = x\n∇_x f = a\n");
        // and x'*X*a, the Cookbook's xᵀXa, whose a ends a product that starts with a row (review s73r)
        assertThat(Cli.run("derive", "-e", "x'*X*a", "--no-steps").err()).startsWith("matdiff: note: in -e, a is a scalar like any "
                + "name from a to g, and the expression is not a scalar");
        // a scalar objective, or a scalar not transposed, is no mistake: nothing to say
        assertThat(Cli.run("derive", "-e", "a'*x'*X*x", "--wrt", "X", "--no-steps").err()).isEmpty();
        assertThat(Cli.run("derive", "-e", "a*X", "--wrt", "X", "--no-steps").err()).doesNotContain("a is a scalar");
    }

    /** softmax of a row is all ones (column by column): a NumPy user means the row's entries, and a note says how to write that (user trial). */
    @Test
    void aSoftmaxOfARowIsNoted() throws IOException {
        Cli row = Cli.run("derive", "-e", "vector z(n); vector y(n) constant; -log(softmax(z'))*y", "--no-steps");
        assertThat(row.exit()).isZero();
        assertThat(row.out()).isEqualTo("∇_z f = zeros(n)\n");
        assertThat(row.err()).isEqualTo("matdiff: note: softmax(z') works column by column, and each column of a row is one entry, so it is all ones; "
                + "for the softmax of the row's entries write softmax(z)'\n");
        assertThat(derive("vector z(n)\nL = logsumexp(z')*ones(n)\n").err()).contains("write logsumexp(z)");
        assertThat(Cli.run("derive", "-e", "vector z(n); vector y(n) constant; -y'*log(softmax(z))", "--no-steps").err()).isEmpty();
    }

    @Test
    void iIsNotTheIdentityAndDIsAScalar() throws IOException {
        Cli i = Cli.run("derive", "-e", "x'*I*x", "--no-steps");
        assertThat(i.exit()).isZero();
        assertThat(i.err()).isEqualTo("matdiff: note: in -e, I is a matrix variable like any capital letter, not the identity; "
                + "write eye(n) for the identity\n");
        assertThat(Cli.run("derive", "-e", "x'*eye(n)*x", "--no-steps").err()).isEmpty();
        assertOneLineError(derive("vector x\nf = x'*I*x\n"), "p.mdiff:2:8",
                "unknown name 'I' (the identity is eye(n); for a matrix named I, declare it: 'matrix I')", "       ^");
        // a bare d is a scalar like a–g; d(…) stays the differential
        Cli d = Cli.run("derive", "-e", "d*x'*x", "--no-steps");
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("∇_d f = x'*x\n∇_x f = 2*d*x\n");
        assertOneLineError(derive("vector x\nf = d*x'*x\n"), "p.mdiff:2:5",
                "unknown name 'd' (declare it, e.g. 'scalar d'; written d(…) it is the differential)", "    ^");
        assertThat(derive("scalar d\nvector x\nf = d*x'*x\n", "--no-steps").out()).isEqualTo("∇_d f = x'*x\n∇_x f = 2*d*x\n");
    }
}
