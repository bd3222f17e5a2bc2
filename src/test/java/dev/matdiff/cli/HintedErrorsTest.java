package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** Mistakes that were met with a bare "unexpected ','", a half-true arity or a contradiction that named one place. */
class HintedErrorsTest {

    @TempDir Path dir;

    private Cli derive(String program) throws IOException { return OneLineErrors.derive(dir, program, "--no-steps"); }

    /** 'constant lambda' declares no kind, so lambda is a vector by its first letter: the error says so, in a file as in -e (user trial). */
    @Test
    void aConstantWithoutAKindIsSaidToTakeItsKindFromItsFirstLetter() throws IOException {
        assertOneLineError(derive("vector w(n)\nconstant lambda\nL = sqnorm(w) + lambda*sum(w)\n"),
                "p.mdiff:3:15", "cannot add sqnorm(w) (1×1) and lambda*sum(w) (?×1): shapes differ; lambda is a vector here: "
                        + "'constant lambda' declares no kind, and names h–z are column vectors; declare 'scalar lambda constant' to change it",
                "              ^");
        assertThat(derive("matrix A(n, n)\nconstant C\nL = tr(A) + C\n").err())
                .contains("C is a matrix here: 'constant C' declares no kind, and names A–Z are matrices; declare 'scalar C constant' to change it");
        // a scalar by its letter is the scalar it reads as: how to broadcast it
        assertThat(derive("matrix A(n, n)\nconstant c\nL = sum(A + c)\n").err()).contains("write c as c*ones(n, n)");
        Cli fixed = derive("vector w(n)\nscalar lambda constant\nL = sqnorm(w) + lambda*sum(w)\n");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
        // where no error comes, a matrix by its letter that makes the objective a matrix is noted (review)
        Cli matrix = derive("vector w(n)\nconstant Beta\nL = sqnorm(w)*Beta\n");
        assertThat(matrix.exit()).as(matrix.err()).isZero();
        assertThat(matrix.err()).isEqualTo("matdiff: note: 'constant Beta' declares no kind, so Beta is a matrix by its first letter, and the "
                + "objective is not a scalar; write 'scalar Beta constant' if Beta is a scalar\n");
    }

    /**
     * conv's p − r + 1 beside a declared Y(3, 3) or Y(m, n) is refused, since sizes are never solved for: the message says
     * to write that size in the declaration or leave it out (both then derive), and prints 6 − r, not −r + 6 (SymPy's suite).
     */
    @Test
    void aSizeMadeByArithmeticSaysItIsOnlyEverItself() throws IOException {
        assertOneLineError(derive("matrix X(5, 5) constant\nmatrix K(r, s)\nmatrix Y(3, 3) constant\nf = sum(conv(X, K) .* Y)\n"),
                "p.mdiff:4:20", "cannot multiply element-wise conv(X, K) ((6 - r)×(6 - s)) and Y (3×3): shapes differ (r is a dimension of K (line 2)); "
                        + "a size such as 6 - r is only ever itself: write it in the declaration, or leave the sizes out", "                   ^~");
        assertThat(derive("matrix X(p, q) constant\nmatrix K(r, s)\nmatrix Y(m, n) constant\nf = sum(conv(X, K) .* Y)\n").err())
                .contains("a size such as p - r + 1 is only ever itself");
        for (String y : List.of("matrix Y(p - r + 1, q - s + 1) constant", "matrix Y constant")) {
            Cli fixed = derive("matrix X(p, q) constant\nmatrix K(r, s)\n" + y + "\nf = sum(conv(X, K) .* Y)\n");
            assertThat(fixed.exit()).as(fixed.err()).isZero();
            assertThat(fixed.out()).contains("conv(X, Y)");
        }
        // n ≠ 2*n is a contradiction as it stands: no such advice
        assertThat(derive("vector x(n), y(2*n)\nf = x'*y\n").err()).contains("n ≠ 2*n").doesNotContain("only ever itself");
    }

    /**
     * An element-wise exponent past 2^53 has no p − 1 in double precision, so x.^1e300's derivative printed 1e300*x.^1e300:
     * refused at the power; and a --wrt error that lists a 100,000-letter declared name says it by its ends (hostile trial).
     */
    @Test
    void anExponentPastTwoToTheFiftyThreeIsRefusedAndLongNamesAreShortened() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = sum(x.^1e300)\n"), "p.mdiff:2:9",
                "an exponent must be below 2^53 (9.0e15) in size, not 1e300: past that a double has no p - 1 to write the derivative with",
                "        ^~~~~~~~");
        assertThat(derive("vector x(n)\nL = sum(x.^1e15)\n").out()).contains("1e15*x.^999999999999999");
        String name = "a".repeat(100_000);
        Cli r = OneLineErrors.derive(dir, "vector " + name + "(n), x(n)\nL = sum(x) + sum(" + name + ")\n", "--wrt", "y");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("there is no variable 'y'").contains("(100000 characters)").hasSizeLessThan(1000);
    }

    /** pi is a name like any other, in a file (unknown) and in -e (a vector): each says π is not built in, one way (Cookbook trial). */
    @Test
    void piIsSaidNotToBeBuiltInWhereverItIsMet() throws IOException {
        String advice = "π is not built in; write 3.141592653589793, or declare 'scalar pi constant'";
        assertThat(derive("symmetric S(n)\nf = -logdet(2*pi*S)/2\n").err()).contains("unknown name 'pi': " + advice);
        assertThat(Cli.run("derive", "-e", "x'*pi", "--no-steps").err())
                .isEqualTo("matdiff: note: in -e, pi is a vector variable like any name from h to z: " + advice + "\n");
        assertThat(Cli.run("derive", "-e", "symmetric S(n); -logdet(2*pi*S)/2", "--no-steps").err()).contains("pi is a vector here")
                .contains(", and " + advice);
    }

    /**
     * The suffix 'constant' after the last name makes the whole declaration constant; written after a name before the
     * last, it says which names it holds one by one (trial s74a: matrix A(m, n) constant, B(n, k), C(k, m) constant).
     */
    @Test
    void constantAfterANameBeforeTheLastHoldsThatNameOnly() throws IOException {
        Cli first = derive("matrix X(m, n) constant, Y(m, n)\nvector w(n)\nL = sum(X*w) + sum(Y*w)\n");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("∇_Y L = ones(m)*w'\n∇_w L = sum(X, 1)' + sum(Y, 1)'\n");
        Cli fixed = derive("matrix X(m, n), Y(m, n) constant\nvector w(n)\nL = sum(X*w) + sum(Y*w)\n");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
        assertThat(fixed.out()).isEqualTo("∇_w L = sum(X, 1)' + sum(Y, 1)'\n");
        // 'constant' after every name says the same as after the last (a trial wrote it so in six programs of 55)
        Cli each = derive("matrix X(m, n) constant, Y(m, n) constant\nvector w(n)\nL = sum(X*w) + sum(Y*w)\n");
        assertThat(each.exit()).as(each.err()).isZero();
        assertThat(each.out()).isEqualTo(fixed.out());
        Cli scalars = OneLineErrors.derive(dir, "scalar a constant, b constant\nvector w(n)\nL = a*sqnorm(w) + b*sum(w)\n", "--wrt", "b");
        assertThat(scalars.exit()).isEqualTo(2);
        assertThat(scalars.err()).contains("'b' is declared constant, so it is not differentiated\n");
        // marked and unmarked names mixed: each as marked, the last one's mark its own
        Cli mixed = derive("matrix X(m, n) constant, Y(m, n), Z(m, n) constant\nvector w(n)\nL = sum(X*w) + sum(Y*w) + sum(Z*w)\n");
        assertThat(mixed.exit()).as(mixed.err()).isZero();
        assertThat(mixed.out()).startsWith("∇_Y L = ones(m)*w'\n∇_w L = ");
        // nor does a refusal then say that the line's last 'constant' holds every name (review s74r)
        Cli none = derive("matrix A(m, n) constant, B(n, k), C(n, m) constant\nL = tr(A*C)\n");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("L does not depend on B").doesNotContain("makes every name declared there constant");
    }

    /** A trial was caught five times by x in "vector x(n), y(n) constant": the refusal says why x is constant. */
    @Test
    void aNameHeldConstantByATrailingConstantSaysSo() throws IOException {
        Cli r = OneLineErrors.derive(dir, "vector x(n), y(n) constant\nL = norm(x - y)\n", "--wrt", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("p.mdiff:1:8: 'x' is declared constant, so it is not differentiated "
                + "(the constant at the end of its declaration makes every name in it constant)\n");
        // a name alone in its declaration, or the keyword written first, is constant where it is said
        assertThat(OneLineErrors.derive(dir, "vector x(n) constant\nvector y(n)\nL = norm(x - y)\n", "--wrt", "x").err())
                .contains("p.mdiff:1:8: 'x' is declared constant, so it is not differentiated\n");
        assertThat(OneLineErrors.derive(dir, "constant vector x(n), y(n)\nvector z(n)\nL = norm(x - y + z)\n", "--wrt", "x").err())
                .contains("p.mdiff:1:17: 'x' is declared constant, so it is not differentiated\n");
        // each statement of a line on its own (review): the trailing constant of another declaration is not x's
        assertThat(OneLineErrors.derive(dir, "vector y(n); constant vector x(n), z(n); scalar c constant\nL = sum(x + y + z)*c\n", "--wrt", "x")
                .err()).contains("'x' is declared constant, so it is not differentiated\n");
        assertThat(OneLineErrors.derive(dir, "constant scalar c; vector x(n), z(n) constant; vector y(n)\nL = sum(x + y + z)*c\n", "--wrt", "x")
                .err()).contains("(the constant at the end of its declaration makes every name in it constant)\n");
    }

    /** x*x of a column named its one declaration twice ("x is declared at 1:8, x at 1:8"): it says what the product may mean. */
    @Test
    void aProductOfTwoColumnsSaysWhichProductsThereAre() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = x*x\n"), "p.mdiff:2:6",
                "cannot multiply x (n×1) by x (n×1): 1 ≠ n; a product of two columns: x'*x is their inner product, x*x' the outer one, "
                        + "x .* x entry by entry", "     ^");
        // an operand that is not a name or a call is bracketed, so that the advice parses as meant (x.^2' is x.^(2'))
        assertThat(derive("vector x(n)\nL = sum(x.^2*x)\n").err()).contains("(x.^2)'*x is their inner product");
        // in -e, where x's length is not known yet, as well
        assertThat(Cli.run("derive", "-e", "x*x").err()).contains("x'*x is their inner product, x*x' the outer one");
        assertThat(Cli.run("derive", "-e", "sum(A/S)").err()).contains("write A*inv(S) for MATLAB's A/S");
        assertThat(derive("vector x(n)\nvector y(m)\nL = sum(x*y)\n").err())
                .contains("a product of two columns: x*y' is their outer product\n").doesNotContain("inner");
        // a residual squared as a product of sums, the slip a researcher makes (its products are inside the brackets)
        assertThat(derive("matrix X(m, n)\nvector w(n), y(m)\nL = (X*w - y)*(X*w - y)\n").err())
                .contains("(X*w - y)'*(X*w - y) is their inner product");
        // but the left side of a longer product chain is a product already: which was meant is not one operator's slip
        assertThat(derive("vector x(n), y(n)\nmatrix A(n, n)\nL = sum(A*x*y)\n").err()).doesNotContain("inner product");
    }

    /** Old Mac line endings (a lone CR) are line breaks for the positions too: the error said 1:37, under the first line (trial s75c). */
    @Test
    void aLoneCarriageReturnEndsALine() throws IOException {
        for (String eol : java.util.List.of("\r", "\r\n", "\n"))
            assertOneLineError(derive(String.join(eol, "vector x(n)", "matrix A(n, n)", "L = x'*A*y") + eol), "p.mdiff:3:10",
                    "unknown name 'y' (declare it, e.g. 'vector y' or 'scalar y')", "         ^");
    }

    /** A long operand is said by its ends: the shape error at the end of a 5 MB line was a 16 MB line (trial s75c). */
    @Test
    void aLongOperandIsSaidByItsEnds() throws IOException {
        StringBuilder sum = new StringBuilder("1*sum(x)");
        for (int i = 2; i <= 2000; i++) sum.append(" + ").append(i).append("*sum(x)");
        Cli cli = derive("vector x(n)\nmatrix A(n, n)\nL = " + sum + " + A\n");
        assertThat(cli.exit()).isEqualTo(2);
        String first = cli.err().lines().findFirst().orElseThrow();
        assertThat(first).contains("cannot add 1*sum(x) + 2*sum(x) …").contains("characters) (1×1) and A (n×n): shapes differ");
        assertThat(first.length()).isLessThan(400);
    }

    /** What ML code writes, said in the language's terms: max(u, 0), a row-wise logsumexp, the focal loss's symbolic power. */
    @Test
    void machineLearningSpellingsGetTheLanguagesOwn() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = sum(max(x, 0))\n"), "p.mdiff:2:9",
                "unknown function 'max': max(u, 0) is relu(u), and max(u, v) entry by entry is v + relu(u - v)", "        ^~~~~~~~~");
        assertOneLineError(derive("vector r(n)\nL = sum(min(r, ones(n)))\n"), "p.mdiff:2:9",
                "unknown function 'min': min(u, 0) is -relu(-u), and min(u, v) entry by entry is u - relu(u - v)", "        ^~~~~~~~~~~~~~~");
        assertOneLineError(derive("vector r(n)\nL = sum(clip(r, 0, 1))\n"), "p.mdiff:2:9",
                "unknown function 'clip': clip(u, a, b) entry by entry, a ≤ b, is a + relu(u - a) - relu(u - b)", "        ^~~~~~~~~~~~~");
        assertOneLineError(derive("matrix X(m, n)\nL = sum(logsumexp(X, 2))\n"), "p.mdiff:2:9",
                "logsumexp takes 1 argument, not 2 (it acts on each column; on each row: logsumexp(X')')", "        ^~~~~~~~~~~~~~~");
        assertOneLineError(derive("vector x(n)\nL = norm(x, 1)\n"), "p.mdiff:2:5",
                "norm takes 1 argument, not 2 (norm(x) is the 2-norm, Frobenius for a matrix; the 1-norm is norm1(x))", "    ^~~~~~~~~~");
        // the focal loss's symbolic power is an entry-by-entry power (two trials found it refused); what is not one is said:
        // an exponent of another shape
        assertThat(derive("vector p(n)\nscalar gamma constant\nL = sum((ones(n) - p).^gamma)\n").out())
                .isEqualTo("∇_p L = -gamma*(ones(n) - p).^(gamma - 1)\n");
        assertThat(derive("vector x(n)\nmatrix A(n, n)\nL = sum(x .^ A)\n").err())
                .contains("an exponent must be a number or a scalar (or of the base's shape: x.^g raises each entry to g's)\n");
        // a matrix power has no such rewrite: only the number is asked for
        assertOneLineError(derive("matrix X(n, n)\nscalar a constant\nL = tr(X^a)\n"), "p.mdiff:3:10",
                "an exponent must be a number (a matrix power's exponent is a whole number; .^ raises each entry)", "         ^");
        // A ^ T spaced as an operator is a power of T: the message says how the transpose is written (trial s63b)
        assertOneLineError(derive("matrix A(n, n)\nL = tr(A ^ T)\n"), "p.mdiff:2:12",
                "an exponent must be a number (a matrix power's exponent is a whole number; the transpose is ^T, written without spaces: A^T)",
                "           ^");
        // an assumption that makes a divisor 0 leaves the objective no value: said, not printed as exp(x)/0 (trial s69a)
        assertOneLineError(derive("vector x(n)\nvector y(n) constant\nassume sum(y) = 0\nL = sum(exp(x))/sum(y)\n"), "p.mdiff:4:1",
                "a divisor of the objective comes out 0 under the assumptions (sum(y) = 0), so it has no value anywhere they hold", "^");
        // ^T beside a symbol or size named T could be either (trial s69a: a^T with scalar T was silently a transpose)
        assertOneLineError(derive("scalar a, T\nL = a^T\n"), "p.mdiff:2:6",
                "^T is the transpose, but the program also names T (a scalar): write ' for the transpose, or ^(T) for the power", "     ^~");
        assertOneLineError(derive("matrix X(T, n)\nscalar a\nL = a^T + sum(X)\n"), "p.mdiff:3:6",
                "^T is the transpose, but the program also names a size T: write ' for the transpose, or ^(T) for the power", "     ^~");
        // a matrix's A^T can only be its transpose, beside a matrix T or a size T too (review s69r: refused)
        assertThat(derive("matrix A(m, n)\nmatrix T(m, n) constant\nL = sqnorm(A - T) + tr(A^T*T)\n").out()).isEqualTo("∇_A L = 2*A - T\n");
        assertThat(derive("matrix W(n, n)\nmatrix X(n, T) constant\nL = sum(W^T*X)\n").out()).isEqualTo("∇_W L = X*ones(T, n)\n");
        // a power by a size T prints as it reads back
        assertThat(derive("scalar a\nvector x(T)\nL = a^(T + 1) + sum(x)\n").out()).contains("∇_a L = (T + 1)*a^(T)");
        // a name that starts with T is a name: a^Theta is a power (it read ^T, then 'heta')
        assertThat(derive("scalar a, Theta\nL = a^Theta\n").exit()).isZero();
        // and the power by T prints as it reads back
        assertThat(derive("scalar a, T\nL = a^(T)\n").out()).contains("∇_T L = a^(T)*log(a)");
        // a scalar's ^ takes a scalar exponent: 2^A is MATLAB's matrix exponential, not 2.^A (trial s62c: read entry by entry)
        assertThat(derive("matrix A(n, n)\nL = sum(sum(2^A))\n").err())
                .contains("an exponent must be a number or a scalar (a scalar's ^ takes a scalar exponent; .^ raises it to each entry)\n");
        // a number base ≤ 0 to a varying exponent has no derivative in it, and says why, written as arithmetic too (review s63r)
        assertOneLineError(derive("vector x(n)\nL = sum((1 - 3).^x)\n"), "p.mdiff:2:9",
                "-2 to a varying power has no derivative in its exponent (a negative number's power is real only at whole exponents)",
                "        ^~~~~~~~~~");
        assertOneLineError(derive("scalar a\nL = 0^a\n"), "p.mdiff:2:5",
                "0 to a varying power has no derivative in its exponent (0^a is 0 for a > 0 and has no value for a < 0)", "    ^~~");
        // an error inside the exponent is its own, not the exponent's shape
        assertThat(derive("vector x(n), y(m)\nL = sum(x.^(y + x))\n").err()).contains("cannot add y (m×1) and x (n×1)");
    }

    /** A line that ends too soon says what is missing: which ( is left open (the caret at its end cannot show it), an assumption (trial s64b). */
    @Test
    void aLineThatEndsTooSoonSaysWhatIsMissing() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = sum((x)\n"), "p.mdiff:2:12", "unexpected end of line: the '(' at 2:8 is not closed", "           ^");
        assertOneLineError(derive("vector x(n)\nL = sum(((x) + 1"), "p.mdiff:2:17",
                "unexpected end of input: the '(' at 2:9 is not closed (2 are open)", "                ^");
        // so too where a ';' ends the statement or an assumption's '=' splits it (review s64r)
        assertOneLineError(derive("vector x(n); L = sum((x); M = 1\n"), "p.mdiff:1:25", "unexpected ';': the '(' at 1:21 is not closed", "                        ^");
        assertOneLineError(derive("vector x(n) constant\nassume sum((x) = 1\nL = sum(x)\n"), "p.mdiff:2:16",
                "unexpected '=': the '(' at 2:11 is not closed", "               ^");
        // assume with nothing after it says what it needs (trial s64b)
        assertOneLineError(derive("vector y(n) constant\nassume;\nL = sum(y)\n"), "p.mdiff:2:7",
                "unexpected ';': assume states an equation about constants, as in assume sum(y) = 1", "      ^");
        // closed ones are not counted, and a line with none open says only what it did
        assertOneLineError(derive("vector x(n)\nL = sum(x) +\n"), "p.mdiff:2:13", "unexpected end of line", "            ^");
    }

    @Test
    void aThirdDimensionIsRefusedAsOne() throws IOException {
        assertOneLineError(derive("matrix A(m, n, k)\nL = sum(A)\n"),
                "p.mdiff:1:14", "unexpected ',': a declaration gives at most two dimensions, as in matrix A(m, n)", "             ^");
        assertOneLineError(derive("constant A(3, 4, 5)\nL = sum(A)\n"),
                "p.mdiff:1:16", "unexpected ',': a declaration gives at most two dimensions, as in matrix A(m, n)", "               ^");
        // a parenthesis opened twice is said as such, not as a third size (trial s63a)
        assertOneLineError(derive("matrix A(m, n), V((n, n) constant\nL = sum(V)\n"),
                "p.mdiff:1:21", "unexpected ',': a '(' before it is still open; a declaration's sizes stand in one pair of parentheses, "
                        + "as in matrix A(m, n)", "                    ^");
        // sizes with no name before them: the name is what is missing, not a third size (contract trial)
        assertOneLineError(derive("matrix (m, n)\nL = 1\n"),
                "p.mdiff:1:8", "a declaration names its symbol before the sizes, as in matrix A(m, n)", "       ^");
        assertOneLineError(derive("symmetric (n)\nL = 1\n"),
                "p.mdiff:1:11", "a declaration names its symbol before the sizes, as in symmetric S(n)", "          ^");
        assertOneLineError(derive("scalar (a)\nL = 1\n"), "p.mdiff:1:8", "a scalar declaration names its symbol and has no sizes, as in scalar a", "       ^");
    }

    /** A student's w^2 of a vector meant w.^2: the matrix power's error says so (the new-user trial). */
    @Test
    void aMatrixPowerOfAVectorPointsAtTheElementwisePower() throws IOException {
        assertOneLineError(derive("vector w(d)\nL = sum(w^2)\n"), "p.mdiff:2:9",
                "a matrix power needs a square matrix, but w is d×1 (an element-wise power is .^, as in x.^2)", "        ^~~");
    }

    /** sum takes one argument or two (sum(A, k)): "sum takes 1 argument, not 3" hid the second form. */
    @Test
    void sumsArityNamesBothForms() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = sum(x, 1, 2)\n"), "p.mdiff:2:5", "sum takes 1 or 2 arguments, not 3", "    ^~~~~~~~~~~~");
        assertOneLineError(derive("vector x(n)\nL = sum()\n"), "p.mdiff:2:5", "sum takes 1 or 2 arguments, not 0", "    ^~~~~");
        // mean's dimension is one it averages along (trial s72a: it said mean "sums")
        assertOneLineError(derive("matrix X(m, n)\nL = sum(mean(X, 3))\n"), "p.mdiff:2:17",
                "mean(A, k) averages along dimension k = 1 (each column) or 2 (each row), not 3", "                ^");
    }

    /** LANGUAGE.md: a contradiction names both places. Between two declared symbols, the declarations are those places. */
    @Test
    void aContradictionOfDeclaredSizesNamesTheirDeclarations() throws IOException {
        assertOneLineError(derive("matrix A(3, n)\nvector x(k)\nL = sum(A*x)\n"),
                "p.mdiff:3:10", "cannot multiply A (3×n) by x (k×1): n ≠ k (n is a dimension of A (line 1), k is a dimension of x (line 2))",
                "         ^");
        assertOneLineError(derive("matrix A(m, n)\nvector x(m)\nL = x'*A*x\n"),
                "p.mdiff:3:9", "cannot multiply x'*A (1×n) by x (m×1): n ≠ m (n and m are dimensions of A (line 1))", "        ^");
        // a product of sizes names each of its symbols (the contract trial's k ≠ m*n named none)
        assertOneLineError(derive("vector x(m)\nvector y(n)\nvector z(k)\nL = z'*kron(x, y)\n"), "p.mdiff:4:7",
                "cannot multiply z' (1×k) by kron(x, y) (m*n×1): k ≠ m*n (k is a dimension of z (line 3), m is a dimension of x (line 1), "
                        + "n is a dimension of y (line 2)); a size such as m*n is only ever itself: write it in the declaration, or leave the sizes out",
                "      ^");
        // a size written as a number (ones(3)) against a declared one names where that one was declared
        assertOneLineError(derive("vector x(n)\nL = sum(x .* ones(3))\n"), "p.mdiff:2:11",
                "cannot multiply element-wise x (n×1) and ones(3) (3×1): shapes differ (n is a dimension of x (line 1))", "          ^~");
        // numbers, or two symbols of one declaration, say nothing of the other operand's: its declaration is named
        assertOneLineError(derive("matrix X(3, 4)\nvector w(5)\nL = sum(X*w)\n"),
                "p.mdiff:3:10", "cannot multiply X (3×4) by w (5×1): 4 ≠ 5; X is declared at 1:8, w at 2:8", "         ^");
        assertOneLineError(derive("matrix X(m, n)\nvector w(m)\nL = sum(X*w)\n"), "p.mdiff:3:10",
                "cannot multiply X (m×n) by w (m×1): n ≠ m (n and m are dimensions of X (line 1)); X is declared at 1:8, w at 2:8", "         ^");
        // a matrix without sizes met a row: its sizes are never inferred to be 1, and the message says so
        assertOneLineError(derive("matrix B\nvector x(n)\nL = sum(B .* sum(x*x', 1))\n"), "p.mdiff:3:11",
                "cannot multiply element-wise B (?×?) and sum(x*x', 1) (1×n): shapes differ; a size left to inference is never 1: "
                        + "declare it where 1 is meant (matrix B(1, n)), or write a row as a transposed vector", "          ^~");
        // in -e too: a matrix by its letter beside a row is not a kind to change (a vector is a column) (trial s76b)
        Cli row = Cli.run("derive", "-e", "x' * A ⊙ B * x", "--no-steps");
        assertThat(row.exit()).isEqualTo(2);
        assertThat(row.err()).startsWith("<expr>:1:8: cannot multiply element-wise x' * A (1×?) and B (?×?): shapes differ; a size left to "
                + "inference is never 1: declare it where 1 is meant (matrix B(1, n)), or write a row as a transposed vector\n");
        // a size inferred from an earlier use: the error names that use too (x' has the number 3 by then, not x's open size)
        assertOneLineError(derive("vector x\nL = x'*ones(3) + x'*ones(4)\n"), "p.mdiff:2:20",
                "cannot multiply x' (1×3) by ones(4) (4×1): 3 ≠ 4; the size 3 of x was inferred at 2:7", "                   ^");
        // a size set here is not said to be inferred where two open sizes were only tied (x'*y made A square at 2:23)
        assertOneLineError(derive("matrix A\nvector x, y\nL = sum(A*x .* y) + x'*y + sum(A .* ones(3, 4))\n"), "p.mdiff:3:34",
                "cannot multiply element-wise A (3×3) and ones(3, 4) (3×4): shapes differ", "                                 ^~");
        // also when both are declared: the size asked to be 1 is the cause, not where they were declared
        assertOneLineError(derive("vector x(n)\nmatrix B\nL = sum(B*x')\n"), "p.mdiff:3:10",
                "cannot multiply B (?×?) by x' (1×n): ? ≠ 1; a size left to inference is never 1: "
                        + "declare it where 1 is meant (matrix B(1, n)), or write a row as a transposed vector", "         ^");
        // a filled constant whose size nothing fixes would get a size the program never names
        assertOneLineError(derive("matrix X(3, 2)\nL = sum(X * matrix(2))\n"), "p.mdiff:2:13",
                "nothing fixes the columns of matrix(2), so its size is unknown: write it with its sizes, such as 2*ones(m, n)", "            ^~~~~~~~~");
        // a vector declared 1×1 meets it entry by entry, as at any other size: the constant is 1×1 too (trial s72a)
        Cli one = Cli.run("derive", "-e", "vector x(1); sum(x .* vector(2))", "--no-steps");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo("∇_x f = 2\n");
        // of ones, the ones themselves (it suggested 1*ones(m, n))
        assertOneLineError(derive("matrix X(3, 2)\nL = sum(X * matrix(1))\n"), "p.mdiff:2:13",
                "nothing fixes the columns of matrix(1), so its size is unknown: write it with its sizes, such as ones(m, n)", "            ^~~~~~~~~");
        // in -e too, where the variables' sizes are open (it printed 2*p*ones(n, m), with a p nothing defines); a size a
        // variable has is fixed enough
        Cli e = Cli.run("derive", "-e", "sum(X*matrix(2))", "--no-steps");
        assertThat(e.exit()).isEqualTo(2);
        assertThat(e.err()).startsWith("<expr>:1:7: nothing fixes the columns of matrix(2), so its size is unknown");
        assertThat(Cli.run("derive", "-e", "sum(matrix(3) .* X)", "--no-steps").out()).isEqualTo("∇_X f = 3*ones(n, m)\n");
        // a definition the objective does not read may leave its size free, as before
        assertThat(derive("matrix X(3, 2)\nh = matrix(2)\nL = sum(X)\n").exit()).isZero();
        assertOneLineError(derive("vector x(n)\nL = sum(x)*sum(vector(3))\n"), "p.mdiff:2:16",
                "nothing fixes the length of vector(3), so its size is unknown: write it with its sizes, such as 3*ones(n)", "               ^~~~~~~~~");
        // a number is its own place: nothing to add
        assertOneLineError(derive("matrix A(3, 4)\nL = sum(ones(n)'*A)\n"), "p.mdiff:2:17", "cannot multiply ones(n)' (1×n) by A (3×4): n ≠ 3", "                ^");
    }

    /** An operand that starts or ends with a bracketed part is quoted with its brackets: it read "inv(A)*(x - y". */
    @Test
    void anOperandIsQuotedWithItsBrackets() throws IOException {
        assertOneLineError(derive("matrix A(n, n)\nvector x(n), y(n)\nL = sqnorm(inv(A)*(x - y)*(x - y))\n"),
                "p.mdiff:3:26", "cannot multiply inv(A)*(x - y) (n×1) by x - y (n×1): 1 ≠ n", "                         ^");
        assertOneLineError(derive("matrix A(n, n)\nvector x(n)\nL = sum((A + A)*x*x)\n"),
                "p.mdiff:3:18", "cannot multiply (A + A)*x (n×1) by x (n×1): 1 ≠ n", "                 ^");
    }

    /** unvec's sizes were said as an addition nobody wrote ("cannot add x (4×1) and vec of a 2×3 matrix"). */
    @Test
    void unvecSaysWhatItNeeds() throws IOException {
        assertOneLineError(derive("vector x(4)\nL = sum(unvec(x, 2, 3))\n"), "p.mdiff:2:9",
                "unvec(x, …) makes a 2×3 matrix of a column of its 6 entries, but x is 4×1", "        ^~~~~~~~~~~~~~");
    }

    /** A size that is a sum is bracketed in a shape: A (p - r + 1×q) read as p - r + (1×q). */
    @Test
    void aSumInAShapeIsBracketed() throws IOException {
        assertOneLineError(derive("matrix A(p - r + 1, q)\nvector x(p)\nL = sum(A*x)\n"),
                "p.mdiff:3:10", "cannot multiply A ((p - r + 1)×q) by x (p×1): q ≠ p (q and p are dimensions of A (line 1)); A is declared at 1:8, x at 2:8",
                "         ^");
    }

    /**
     * MATLAB and NumPy read 2. as 2.0, but a point after a number also starts .*, ./ and .^ (2./x is 2 ./ x), so
     * matdiff does not take it into the number: the message says how to write it (it was "unexpected character '.'").
     */
    @Test
    void aNumberEndingInAPointSaysHowToWriteIt() throws IOException {
        assertOneLineError(derive("vector x(n)\nL = sum(x)*2.\n"),
                "p.mdiff:2:13", "unexpected '.': a number does not end in a point here; write 2 or 2.0 "
                        + "(a point after a number starts .*, ./ or .^: 2./x is 2 ./ x)", "            ^");
        Cli elementwise = derive("vector x(n)\nL = sum(2./x)\n");
        assertThat(elementwise.exit()).as(elementwise.err()).isZero();
        assertThat(elementwise.out()).isEqualTo("∇_x L = -2 ./ x.^2\n");
    }

    /** A letter outside the names' alphabet is said to be one (é composed, and e with a combining accent; trial s59t). */
    @Test
    void aLetterOutsideTheNamesAlphabetSaysWhatANameIs() throws IOException {
        String alphabet = ": a name is written with the letters a–z and A–Z, Greek letters, digits and _";
        assertOneLineError(derive("vector \u00e9(n)\nL = sum(\u00e9)\n"), "p.mdiff:1:8", "unexpected character '\u00e9'" + alphabet, "       ^");
        assertOneLineError(derive("vector e\u0301(n)\nL = sum(x)\n"), "p.mdiff:1:9", "unexpected character '\u0301'" + alphabet, "        ^");
    }

    /** 1 + exp(x) is the commonest first error: + does not broadcast a scalar (LANGUAGE.md), and the message says what to write. */
    @Test
    void aScalarAddedToAMatrixSaysHowToWriteIt() throws IOException {
        assertOneLineError(derive("matrix X(m, n); vector w(n), y(m)\nL = sum(log(1 + exp(-y .* (X*w))))\n"),
                "p.mdiff:2:15", "cannot add 1 (1×1) and exp(-y .* (X*w)) (m×1): shapes differ; "
                        + "+ and - do not broadcast a scalar: write 1 as ones(m)", "              ^");
        assertOneLineError(derive("matrix X(m, n); scalar c\nL = sum(X - 2*c)\n"),
                "p.mdiff:2:11", "cannot subtract 2*c (1×1) from X (m×n): shapes differ; "
                        + "+ and - do not broadcast a scalar: write 2*c as 2*c*ones(m, n)", "          ^");
        assertOneLineError(derive("vector x(n); scalar a, b\nL = sum((a + b) - x')\n"),
                "p.mdiff:2:17", "cannot subtract x' (1×n) from a + b (1×1): shapes differ; "
                        + "+ and - do not broadcast a scalar: write a + b as (a + b)*ones(1, n)", "                ^");
        assertOneLineError(derive("vector x(n)\nL = sum(-1 + x)\n"), "p.mdiff:2:12", "cannot add -1 (1×1) and x (n×1): shapes differ; "
                + "+ and - do not broadcast a scalar: write -1 as -ones(n)", "           ^");
        assertOneLineError(derive("vector x(n)\nL = sum(-2 + x)\n"), "p.mdiff:2:12", "cannot add -2 (1×1) and x (n×1): shapes differ; "
                + "+ and - do not broadcast a scalar: write -2 as -2*ones(n)", "           ^");
        Cli fixed = derive("matrix X(m, n); vector w(n), y(m)\nL = sum(log(ones(m) + exp(-y .* (X*w))))\n");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
    }

    /** A bias added to a batch (samples as columns) is the next commonest: a column is not broadcast over columns either. */
    @Test
    void aColumnAddedToABatchSaysHowToWriteIt() throws IOException {
        assertOneLineError(derive("matrix W(c, n), X(n, N)\nvector b(c)\nL = sum(W*X + b)\n"),
                "p.mdiff:3:13", "cannot add W*X (c×N) and b (c×1): shapes differ; "
                        + "+ and - do not broadcast a column over columns: write b as b*ones(1, N)", "            ^");
        assertOneLineError(derive("matrix X(n, N); vector m(N)\nL = sum(X - 2*m')\n"),
                "p.mdiff:2:11", "cannot subtract 2*m' (1×N) from X (n×N): shapes differ; "
                        + "+ and - do not broadcast a row over rows: write 2*m' as ones(n)*(2*m')", "          ^");
        Cli fixed = derive("matrix W(c, n), X(n, N)\nvector b(c)\nL = sum(W*X + b*ones(1, N))\n");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
    }
}
