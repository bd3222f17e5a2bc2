package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: exit 2, one line "file:line:col: message", the source line, a caret; never a stack trace. */
class ErrorMessagesTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException {
        Path f = dir.resolve("p.mdiff");
        Files.writeString(f, program);
        String[] args = new String[more.length + 2];
        args[0] = "derive";
        args[1] = f.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Cli.run(args);
    }

    private static void assertOneLineError(Cli r, String location, String message, String caretLine) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith(location + ": " + message);
        assertThat(lines[2]).isEqualTo(caretLine);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void syntaxError() throws IOException {
        assertOneLineError(derive("matrix A\nf = tr(A +)\n"), "p.mdiff:2:11", "unexpected ')'", "          ^");
    }

    /** A name given to --of or --wrt that the program has, but not as what the option needs, is pointed at where it is written. */
    @Test
    void aNameOfTheWrongKindIsPointedAt() throws IOException {
        assertOneLineError(derive("matrix A(n, n), X(n, n)\nf = tr(A*X)\n", "--of", "X"), "p.mdiff:1:17",
                "'X' is a declared symbol, not a definition", "                ^");
        Path f = Files.writeString(dir.resolve("q.mdiff"), "vector x(n)\nh = 2*x\nf = sum(h)\n");
        assertOneLineError(Cli.run("codegen", f.toString(), "--wrt", "h", "--lang", "numpy"), "q.mdiff:2:1",
                "codegen differentiates with respect to the program's symbols; 'h' is an intermediate (declare it as a symbol instead)", "^");
    }

    /** A name in a "# wrt:" comment that the program lacks is pointed at in the comment, as the contract asks of every error. */
    @Test
    void anUnknownNameInAWrtHintIsPointedAt() throws IOException {
        assertOneLineError(derive("# wrt: x, y, z\nvector x(n), y(n)\nL = x'*y\n"), "p.mdiff:1:14",
                "there is no variable 'z' to differentiate with respect to (declared: x, y)", "             ^");
        assertOneLineError(derive("vector x(n), y(n)\n# wrt: x\n#wrt: y  zz\nL = x'*y\n"), "p.mdiff:3:10",
                "there is no variable 'zz' to differentiate with respect to (declared: x, y)", "         ^~");
        Cli named = derive("# wrt: x, y, z\nvector x(n), y(n)\nL = x'*y\n", "--wrt", "x", "--no-steps");
        assertThat(named.exit()).as(named.err()).isZero();  // --wrt overrides the hint, and its mistake
    }

    /** "# wrt: x y" used x alone; an empty "# wrt:" took the next line's words as its names. */
    @Test
    void wrtHintsOfEveryShapeAreRead() throws IOException {
        Cli spaced = derive("# wrt: x y\nvector x(n), y(n)\nL = x'*y\n", "--no-steps");
        assertThat(spaced.out()).as(spaced.err()).isEqualTo("∇_x L = y\n∇_y L = x\n");
        Cli empty = derive("# wrt:\nvector x(n), y(n)\nL = x'*y\n", "--no-steps");
        assertThat(empty.out()).as(empty.err()).isEqualTo("∇_x L = y\n∇_y L = x\n");
        Cli two = derive("# wrt: y\nvector x(n), y(n)\n# wrt: x, y\nL = x'*y\n", "--no-steps");
        assertThat(two.out()).as(two.err()).isEqualTo("∇_y L = x\n∇_x L = y\n");
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

    /** A scalar symbol may be named as a dimension (the number of samples, N): that is a declaration, not a definition. */
    @Test
    void aScalarNamedAsADimensionIsStillAllowed() throws IOException {
        Cli r = derive("matrix X(D, N)\nscalar N constant\nvector w(D)\nL = sum(X'*w)/N\n", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void juxtapositionIsNotMultiplication() throws IOException {
        assertOneLineError(derive("scalar a, b\nf = a b\n"), "p.mdiff:2:7",
                "unexpected 'b': there is no implicit multiplication, write '*' between factors", "      ^");
    }

    @Test
    void unknownName() throws IOException {
        assertOneLineError(derive("vector x\nf = x'*z\n"), "p.mdiff:2:8", "unknown name 'z' (declare it, e.g. 'vector z' or 'scalar z')", "       ^");
        assertOneLineError(derive("vector x\nf = x'*Z*x\n"), "p.mdiff:2:8", "unknown name 'Z' (declare it, e.g. 'matrix Z')", "       ^");
    }

    @Test
    void unknownFunction() throws IOException {
        assertOneLineError(derive("vector x\nf = frob(x)\n"), "p.mdiff:2:5", "unknown function 'frob'", "    ^~~~~~~");
    }

    @Test
    void shapeContradictionNamesBothSides() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(k)\nf = x'*A*x\n"), "p.mdiff:3:7",
                "cannot multiply x' (1×k) by A (m×n): k ≠ m (k is a dimension of x (line 2), m is a dimension of A (line 1))", "      ^");
    }

    @Test
    void hessianOfANonScalarObjective() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(n)\nf = A*x\n", "--hessian"), "p.mdiff:3:1",
                "the objective f is m×1, not a scalar: a Hessian is of a scalar objective (its Jacobian is what matdiff derives)", "^");
    }

    @Test
    void redeclaration() throws IOException {
        assertOneLineError(derive("matrix A\nvector A\n"), "p.mdiff:2:8", "'A' is already declared at line 1", "       ^");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x'*A*x +        | 1:9",
            "A^0.5           | 1:1",
            "x.^y            | 1:4",
            "inv(x)          | 1:1",
            "x + A*x'        | 1:6",
            "exp             | 1:1",
            "((((x'*x)       | 1:10"})
    void oneLineExpressionErrors(String expr, String where) {
        Cli r = Cli.run("derive", "-e", expr);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:" + where + ": ");
        assertThat(r.err().split("\n")).hasSize(3);
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
    void missingFileIsOneLine() {
        Cli r = Cli.run("derive", dir.resolve("nope.mdiff").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim().split("\n")).hasSize(1);
    }

    @Test
    void unknownVariableToDifferentiate() throws IOException {
        Cli r = derive("vector x\nf = x'*x\n", "--wrt", "q");
        assertThat(r.exit()).isEqualTo(2);
        // a mistake on the command line: one line, ending as the README says such mistakes end
        assertThat(r.err()).matches("matdiff derive: --wrt q: there is no variable 'q' in \\S*p\\.mdiff \\(declared: x\\) \\(see 'matdiff derive --help'\\)\n");
        Cli of = derive("vector x\nf = x'*x\n", "--of", "g");
        assertThat(of.exit()).isEqualTo(2);
        assertThat(of.err()).matches("matdiff derive: --of g: there is no definition named 'g' in \\S*p\\.mdiff \\(defined: f\\) \\(see 'matdiff derive --help'\\)\n");
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
                "'L' has no variable to differentiate (every symbol in it is constant); "
                        + "declare the one to differentiate without 'constant', or name an intermediate with --wrt", "^");
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

    /** Folded into the results they would print as Infinity or NaN, which does not parse back, and no check could pass. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0^-1*sum(x)        | 1:1: 0^-1",
            "(-8)^0.5*sum(x)    | 1:1: (-8)^0.5",
            "log(0)*sum(x)      | 1:1: log(0)",
            "exp(1000)*sum(x)   | 1:1: exp(1000): the result is Infinity",
            "sum(x)/(1 - 1)     | 1:9: division by zero",
            "sum(x ./ zeros(n)) | 1:10: division by zero",
            "sum(x ./ (0*x))    | 1:11: division by zero",
            "sum(x ./ 0)        | 1:10: division by zero",
            "sum(x)/0           | 1:8: division by zero",
            "sum(x)/0.0*2       | 1:8: division by zero",
            "0*sum(x) + sum(x)/0 | 1:19: division by zero",
            "1e308*10*sum(x)    | 1:1: this constant is not a finite number"})
    void aConstantWithoutAFiniteValueIsRefusedWhereItIsWritten(String expression, String error) {
        Cli r = Cli.run("derive", "-e", expression);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:" + error);
        assertThat(Cli.run("derive", "-e", "log(2)*sum(x)/(2 - 1)").out()).contains("∇_x f = log(2)*ones(n)");
    }

    /** A literal 0 is one interned node wherever it is written: the caret finds it through its division, under the divisor. */
    @Test
    void aLiteralZeroDivisorIsUnderlined() throws IOException {
        assertOneLineError(Cli.run("derive", "-e", "sum(x)/0"), "<expr>:1:8", "division by zero", "       ^");
        assertOneLineError(derive("vector x(n)\nh = 0*x\nL = sum(x)/0 + sum(h)/0.0\n"), "p.mdiff:3:12", "division by zero", "           ^");
    }

    /** A program of declarations alone: eval says so at line 1 (it leaked as an internal error). */
    @Test
    void evalOfAProgramWithoutDefinitions() throws IOException {
        Path f = Files.writeString(dir.resolve("d.mdiff"), "matrix X(2, 2)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"X\": [[1, 2], [3, 4]]}");
        Cli r = Cli.run("eval", f.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("d.mdiff:1:1: the program defines nothing to differentiate").doesNotContain("internal error");
    }

    /** LANGUAGE.md: a contradiction names both places; the caret shows one, the message the other. */
    @Test
    void aContradictionNamesWhereTheInferredSizeCameFrom() throws IOException {
        Cli r = derive("matrix A\nvector x(3), y(4)\nL = x'*A*y + sum(A*x)\n", "--wrt", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(":3:19: cannot multiply A (3×4) by x (3×1): 4 ≠ 3 (the size 4 was inferred at 3:9)");
    }

    @Test
    void aFilledConstantOfASymbolSaysWhatMustBeANumber() {
        Cli r = Cli.run("derive", "-e", "sum(vector(a) .* x)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:1:12: the entry of vector(c) must be a number");
    }

    @Test
    void theCaretKeepsTheTabsOfTheLineItStandsUnder() throws IOException {
        Cli r = derive("vector\tx(n)\nL =\t\tsum(y)\n", "--wrt", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("L =\t\tsum(y)\n   \t\t    ^\n");
    }

    /** A place at the end of a 360 KB line: a window of the line around it, cut with …, the caret under the place. */
    @Test
    void aLongLineIsEchoedAsAWindowAroundThePlace() throws IOException {
        String line = "L = " + "sum(x) + ".repeat(40_000) + "1x";
        Cli r = derive(line + "\n");
        assertThat(r.exit()).isEqualTo(2);
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith("p.mdiff:1:" + (line.length()) + ": unexpected 'x': there is no implicit multiplication, write '*' between factors");
        assertThat(lines[1]).startsWith("… sum(x) + ").endsWith(" + 1x").hasSizeLessThanOrEqualTo(125);
        assertThat(lines[2]).hasSize(lines[1].length()).endsWith(" ^");  // under the x
        // in the middle: context on both sides, and the caret under the 'x' of "1x"
        Cli middle = derive("L = " + "sum(x) + ".repeat(20_000) + "1x + " + "sum(x) + ".repeat(20_000) + "1\n");
        String[] m = middle.err().split("\n");
        assertThat(m[1]).startsWith("…").endsWith("…").hasSizeLessThanOrEqualTo(125);
        assertThat(m[1].charAt(m[2].length() - 1)).isEqualTo('x');
        assertThat(m[1].charAt(m[2].length() - 2)).isEqualTo('1');
    }

    /** The same for a 200 KB line of JSON data: the window is made where both kinds of error are printed. */
    @Test
    void aLongDataLineIsEchoedAsAWindowToo() throws IOException {
        Path f = Files.writeString(dir.resolve("w.mdiff"), "vector w(n)\nL = sum(w)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"w\": [" + "1.5, ".repeat(40_000) + "oops]}");
        Cli r = Cli.run("eval", f.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith(data + ":1:");
        assertThat(lines[1]).startsWith("…").hasSizeLessThanOrEqualTo(125).contains("oops");
        assertThat(lines[1].substring(lines[2].length() - 1)).startsWith("oops");
    }

    /** A NUL, or a binary file's bytes, never reach the terminal raw: escaped in the message and the line, the caret under the escape. */
    @Test
    void controlCharactersAreEscaped() throws IOException {
        Cli r = derive("L = sum(x)\u0000\n");
        assertOneLineError(r, "p.mdiff:1:11", "unexpected character '\\x00'", "          ^~~~");
        assertThat(r.err().split("\n")[1]).isEqualTo("L = sum(x)\\x00");
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0x1b, '[', '2', 'J', (byte) 0xd0, 0, 0});
        Cli b = Cli.run("derive", binary.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).startsWith(binary + ":1:15: not UTF-8 text (byte 14 is 0xd0)\n\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x1b[2J\n");
        assertThat(b.err().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    /** Data too large to hold is refused at once (the self-check skipped, with its note), not after the memory runs out. */
    @Test
    void hugeSizesAreNotCheckedNumerically() throws IOException {
        Cli derive = derive("matrix A(1000000000, 1000000000)\nL = sum(A)\n", "--no-steps");
        assertThat(derive.exit()).isZero();
        assertThat(derive.out()).contains("∇_A L = ones(1000000000, 1000000000)");
        assertThat(derive.err()).contains("self-check was skipped", "too large to check numerically: 'A' alone has 1.00e+18 entries");
        Cli check = Cli.run("check", "-e", "sqnorm(X*w - y)", "--wrt", "w", "--dims", "m=100000000,n=100000000");
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains("too large to check numerically");
        Cli dims = Cli.run("check", "-e", "sqnorm(X*w - y)", "--wrt", "w", "--dims", "m=3000000000");
        assertThat(dims.err()).contains("--dims m=3000000000: the size of m is too large");
        assertThat(Cli.run("check", "-e", "sqnorm(x)", "--wrt", "x", "--trials", "1000000").err()).contains("at most 1000 random points");
    }

    /** Errors that once named only a file now say where, as every other one does. */
    @Test
    void anEmptyProgramBytesThatAreNotUtf8AndAMissingValueAreLocated() throws IOException {
        assertThat(derive("# only a comment\n").err()).startsWith(dir.resolve("p.mdiff") + ":1:1: the program defines nothing to differentiate");
        Path bad = dir.resolve("bad.mdiff");
        Files.write(bad, new byte[] {'L', ' ', '=', ' ', (byte) 0xff, '\n'});
        Cli utf = Cli.run("derive", bad.toString());
        assertThat(utf.exit()).isEqualTo(2);
        assertThat(utf.err()).startsWith(bad + ":1:5: not UTF-8 text (byte 4 is 0xff)");
        Path program = Files.writeString(dir.resolve("q.mdiff"), "matrix X(m, n)\nvector w(n), y(m)\nL = sqnorm(X*w - y)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2]}");
        Cli eval = Cli.run("eval", program.toString(), "--data", data.toString());
        assertThat(eval.exit()).isEqualTo(2);
        assertThat(eval.err()).startsWith(program + ":2:14: no value for 'y' in " + data);
    }

    @Test
    void deepNestingIsRefusedWithAMessage() {
        String deep = "(".repeat(100_000) + "x'*x" + ")".repeat(100_000);
        Cli r = Cli.run("derive", "-e", deep);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nested deeper than");
        assertThat(r.err()).doesNotContain("StackOverflowError");
    }

    // ---- issue 15: messages that say why

    private static void assertExpressionError(String expr, String where, String message, String caretLine) {
        Cli r = Cli.run("derive", "-e", expr);
        assertOneLineError(r, where, message, caretLine);
    }

    /** Item 10: a name whose kind came from its first letter is named, with how to change it; the user's text is not reordered. */
    @Test
    void impliedKindsAreExplained() {
        assertExpressionError("b+x", "<expr>:1:2", "cannot add b (1×1) and x (?×1): shapes differ; "
                + "b is a scalar here: in -e, names a–g are scalars; declare 'vector b' to change it", " ^");
        assertExpressionError("x'*A*b + c", "<expr>:1:8", "cannot add x'*A*b (1×?) and c (1×1): shapes differ; "
                + "b is a scalar here: in -e, names a–g are scalars; declare 'vector b' to change it", "       ^");
        // b'*A*b is then the matrix b²A, whose Jacobian is derived
        assertThat(Cli.run("derive", "-e", "b'*A*b", "--no-steps").out()).contains("∂vec(f)/∂b = 2*b*vec(A)");
        // declared, the name is what the declaration says
        assertThat(Cli.run("derive", "-e", "vector b; sum(b+x)", "--no-steps").out()).isEqualTo("∇_b f = ones(n)\n∇_x f = ones(n)\n");
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

    /** What the derivation refuses is said at a place in the program, with a caret, like any other bad input. */
    @Test
    void whatADerivationRefusesIsPlaced() throws IOException {
        // an operation with no closed-form Jacobian: said at the objective's definition
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nF = conv(X, K)\n", "--wrt", "X"), "p.mdiff:2:1",
                "matdiff has no closed form for the Jacobian of conv (its gradients, of scalar objectives, it does derive)", "^");
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nf = sqnorm(conv(X, K))\n", "--wrt", "X", "--hessian"), "p.mdiff:2:1",
                "matdiff has no closed form for the Hessian of an objective with conv: it would need the Jacobian of conv (the gradient it does derive)", "^");
        // to the library it is one type either way, which callers (the property tests) skip by
        var conv = dev.matdiff.MatDiff.parse("matrix X(p, q), K(r, s)\nf = sqnorm(conv(X, K))\nF = conv(X, K)\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conv.derive("f", java.util.List.of("X"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withSecondOrder(true, false)))
                .isInstanceOfSatisfying(dev.matdiff.calculus.NoClosedForm.class, e -> assertThat(e.function()).isEqualTo("conv"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conv.derive("F", java.util.List.of("X")))
                .isInstanceOf(dev.matdiff.calculus.NoClosedForm.class).hasMessageContaining("Jacobian of conv");
        // d(…) parses, as the steps print it, but an objective with one cannot be derived: said where it is written
        assertOneLineError(derive("vector x\nf = d(x)'*x\n"), "p.mdiff:2:5",
                "a differential d(…) can be written, as the steps print it, but not differentiated: define the objective without it", "    ^~~~");
    }

    /** --vec needs the Jacobian of each operation between f and X: conv's, which has no closed form, is said at the call (it was said with no place). */
    @Test
    void theVecRouteThroughConvIsPlacedAtTheCall() throws IOException {
        String refused = "matdiff has no closed form for the Jacobian of conv, which the vec route (--vec) needs (without --vec, matdiff derives the gradient)";
        assertOneLineError(Cli.run("derive", "samples/convolution.mdiff", "--vec"), "convolution.mdiff:6:5", refused, "    ^~~~~~~~~~");
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nL = sum(conv(X, K))\n", "--vec", "--wrt", "K"), "p.mdiff:2:9", refused, "        ^~~~~~~~~~");
        assertThat(Cli.run("derive", "samples/convolution.mdiff").exit()).isZero();
    }

    /** Item 11: misspelt keywords, indexing, and MATLAB's and NumPy's spellings. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "matrx A(n,n)      | 1:1  | unknown statement 'matrx': did you mean 'matrix'?",
            "Matrix A(n,n)     | 1:1  | unknown statement 'Matrix': did you mean 'matrix'?",
            "vectr x           | 1:1  | unknown statement 'vectr': did you mean 'vector'?",
            "return tr(A)      | 1:1  | unknown statement 'return': matdiff has no return; the objective is the last definition (L = …), or the one --of names",
            "matrix A(n x n)   | 1:12 | unexpected 'x': dimensions are separated by a comma, as in matrix A(m, n)",
            "f = x.'*x         | 1:6  | unexpected \".'\": MATLAB's .' is ' here (matdiff's values are real, so ' never conjugates)",
            "f = A\\x          | 1:6  | unexpected '\\': there is no left division; write inv(A)*b for MATLAB's A\\b",
            "f = x**2          | 1:7  | unexpected '*': '**' is not a power here; write ^ for a matrix power or .^ for an element-wise one",
            "f = A@x           | 1:6  | unexpected '@': the matrix product is * in matdiff, not Python's @",
            "f = np.sum(x)     | 1:7  | unexpected 'np.': matdiff's functions have no prefix: write sum(…), not np.sum(…)",
            "f = tr(A.T)       | 1:9  | unexpected '.T': NumPy's A.T is A' here",
            "f = X(1, 2)       | 1:5  | X is a matrix, not a function: indexing X(1, 2) is not supported (matdiff works with whole matrices and vectors)"})
    void spellingsFromElsewhere(String line, String where, String message) throws IOException {
        Cli r = derive("matrix A(n, n), X\nvector x(n)\n" + line + "\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().split("\n")).hasSize(3);
        String[] at = where.split(":");
        assertThat(r.err()).startsWith(dir.resolve("p.mdiff") + ":" + (Integer.parseInt(at[0]) + 2) + ":" + at[1] + ": " + message + "\n");
    }

    /** Item 12: a dimension is quoted as written (0, not 0.0). */
    @Test
    void dimensionsAreQuotedAsWritten() throws IOException {
        assertOneLineError(derive("matrix A(0, 3)\nf = sum(A)\n"), "p.mdiff:1:10", "a dimension must be a positive integer, not 0", "         ^");
        assertOneLineError(derive("matrix A(2.50, 3)\nf = sum(A)\n"), "p.mdiff:1:10", "a dimension must be a positive integer, not 2.50",
                "         ^~~~");
    }

    /** Item 12: a value that does not exist is reported where the user wrote it, as they wrote it. */
    @Test
    void domainErrorsPointAtTheSubexpression() throws IOException {
        Path p = dir.resolve("log.mdiff");
        Files.writeString(p, "vector x(n)\nh = log(x*2)\nL = sum(h) + sum(x)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"x\": [1, -2]}");
        assertOneLineError(Cli.run("eval", p.toString(), "--data", data.toString()), "log.mdiff:2:5",
                "log(x*2): entry (2, 1) of x*2 is -4; log needs positive entries", "    ^~~~~~~~");
        Path inv = dir.resolve("inv.mdiff");
        Files.writeString(inv, "matrix A(n, n)\nvector x(n)\nL = x'*inv(A)*x\n");
        Path singular = Files.writeString(dir.resolve("s.json"), "{\"A\": [[1, 2], [2, 4]], \"x\": [1, 1]}");
        assertOneLineError(Cli.run("eval", inv.toString(), "--data", singular.toString()), "inv.mdiff:3:8",
                "inv(A): the matrix is singular", "       ^~~~~~");
        // check, when no random point is in the domain, points there too
        Cli check = Cli.run("check", "-e", "sum(log(-exp(x)))");
        assertThat(check.err()).startsWith("<expr>:1:5: no point found").endsWith("\nsum(log(-exp(x)))\n    ^~~~~~~~~~~~\n");
    }
}
