package dev.matdiff.latex;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.matdiff.expr.Exprs.add;
import static dev.matdiff.expr.Exprs.call;
import static dev.matdiff.expr.Exprs.diff;
import static dev.matdiff.expr.Exprs.inv;
import static dev.matdiff.expr.Exprs.mul;
import static dev.matdiff.expr.Exprs.neg;
import static dev.matdiff.expr.Exprs.num;
import static dev.matdiff.expr.Exprs.sub;
import static dev.matdiff.expr.Exprs.transpose;
import static dev.matdiff.latex.LatexPrinter.print;
import static dev.matdiff.latex.Samples.M;
import static dev.matdiff.latex.Samples.N;
import static org.assertj.core.api.Assertions.assertThat;

class LatexPrinterTest {

    static final Expr A = Samples.square("A", N), B = Samples.square("B", N), C = Samples.square("C", N);
    static final Expr X = Samples.matrix("X", M, N), w = Samples.vector("w", N), y = Samples.vector("y", M);
    static final Expr x = Samples.vector("x", N), s = Samples.scalar("s"), t = Samples.scalar("t");
    static final Expr kernel = Samples.square("K", Samples.K);

    @Nested
    class EveryOperation {
        @Test void operators() {
            assertThat(print(add(A, B))).isEqualTo("A + B");
            assertThat(print(sub(A, B))).isEqualTo("A - B");
            assertThat(print(neg(A))).isEqualTo("-A");
            assertThat(print(mul(A, B))).isEqualTo("A B");
            assertThat(print(mul(s, A))).isEqualTo("s\\,A");
            assertThat(print(mul(num(2), A))).isEqualTo("2 A");
            assertThat(print(Exprs.div(A, s))).isEqualTo("\\frac{A}{s}");
            assertThat(print(Exprs.hadamard(A, B))).isEqualTo("A \\odot B");
            assertThat(print(Exprs.elemDiv(A, B))).isEqualTo("A \\oslash B");
            assertThat(print(Exprs.kron(A, B))).isEqualTo("A \\otimes B");
            assertThat(print(transpose(A))).isEqualTo("A^{\\top}");
            assertThat(print(Exprs.power(A, 3))).isEqualTo("A^{3}");
            assertThat(print(inv(A))).isEqualTo("A^{-1}");
            assertThat(print(diff(A))).isEqualTo("\\mathrm{d}A");
        }

        /** A numerator's sign and fraction go before and under the fraction bar (trial s69b: \\frac{-\\frac{1}{2} m}{a}). */
        @Test void aFoldedConstantWithoutItsBinaryRounding() {
            assertThat(print(Exprs.scale(num(3 * 0.044715 * 0.79788456), A))).isEqualTo("0.1070322243012 A");
        }

        @Test void aNumeratorsSignAndFractionAreTheFractions() {
            assertThat(print(Exprs.div(Exprs.scale(num(-0.5), s), t))).isEqualTo("-\\frac{s}{2 t}");
            assertThat(print(Exprs.div(neg(A), s))).isEqualTo("-\\frac{A}{s}");
            assertThat(print(Exprs.div(Exprs.scale(num(2.0 / 3), A), s))).isEqualTo("\\frac{2 A}{3 s}");
            assertThat(print(add(A, Exprs.div(neg(B), s)))).isEqualTo("A - \\frac{B}{s}");
            // a negative quotient raised to a power, or differentiated, keeps its brackets
            assertThat(print(Exprs.elemPow(Exprs.div(neg(s), t), 2))).startsWith("\\left(-\\frac{s}{t}\\right)^");
            assertThat(print(diff(Exprs.div(A, s)))).isEqualTo("\\mathrm{d}\\left(\\frac{A}{s}\\right)");
        }

        @Test void elementwisePowerMarksAMatrixWithACircle() {
            assertThat(print(Exprs.elemPow(A, 0.5))).isEqualTo("A^{\\circ 0.5}");
            assertThat(print(Exprs.elemPow(s, 2))).isEqualTo("s^{2}");
            assertThat(print(Exprs.elemPow(s, -1))).isEqualTo("s^{-1}");
            // a symbolic exponent: the circle wherever the result is a matrix, 2^{∘A} included
            assertThat(print(Exprs.call2(Op.POW, A, s))).isEqualTo("A^{\\circ s}");
            assertThat(print(Exprs.call2(Op.POW, num(2), A))).isEqualTo("2^{\\circ A}");
            assertThat(print(Exprs.call2(Op.POW, s, sub(s, num(1))))).isEqualTo("s^{s - 1}");
        }

        @Test void reductions() {
            assertThat(print(Exprs.tr(A))).isEqualTo("\\operatorname{Tr}(A)");
            assertThat(print(call(Op.DET, A))).isEqualTo("\\det(A)");
            assertThat(print(call(Op.LOGDET, A))).isEqualTo("\\log\\lvert \\det(A)\\rvert");
            assertThat(print(Exprs.sum(A))).isEqualTo("\\operatorname{sum}(A)");
            assertThat(print(call(Op.NORM, A))).isEqualTo("\\lVert A\\rVert_F");
            assertThat(print(call(Op.NORM, x))).isEqualTo("\\lVert x\\rVert_2");
            assertThat(print(call(Op.SQNORM, A))).isEqualTo("\\lVert A\\rVert_F^{2}");
            assertThat(print(call(Op.NORM1, A))).isEqualTo("\\lVert A\\rVert_1");
            assertThat(print(call(Op.LOGSUMEXP, x))).isEqualTo("\\operatorname{logsumexp}(x)");
        }

        @Test void matrixFunctions() {
            assertThat(print(call(Op.SOFTMAX, x))).isEqualTo("\\operatorname{softmax}(x)");
            assertThat(print(Exprs.diag(x))).isEqualTo("\\operatorname{diag}(x)");
            assertThat(print(Exprs.diag(A))).isEqualTo("\\operatorname{diag}(A)");
            assertThat(print(call(Op.VEC, A))).isEqualTo("\\operatorname{vec}(A)");
            assertThat(print(Exprs.unvec(call(Op.VEC, X), new Shape(M, N))))
                    .isEqualTo("\\operatorname{unvec}_{m\\times n}(\\operatorname{vec}(X))");
            assertThat(print(Exprs.call2(Op.CONV, X, kernel))).isEqualTo("\\operatorname{conv}(X, K)");
            assertThat(print(Exprs.kronBlocks(Exprs.kron(A, B), B, Shape.square(N))))
                    .isEqualTo("\\operatorname{kronblocks}(A \\otimes B, B)");
            assertThat(print(Exprs.blockSum(Exprs.kron(A, B), A, Shape.square(N))))
                    .isEqualTo("\\operatorname{blocksum}(A \\otimes B, A)");
        }

        @Test void elementwiseFunctionsAreOrdinaryApplication() {
            assertThat(print(call(Op.EXP, x))).isEqualTo("\\exp(x)");
            assertThat(print(call(Op.LOG, x))).isEqualTo("\\log(x)");
            assertThat(print(call(Op.SIN, x))).isEqualTo("\\sin(x)");
            assertThat(print(call(Op.COS, x))).isEqualTo("\\cos(x)");
            assertThat(print(call(Op.TAN, x))).isEqualTo("\\tan(x)");
            assertThat(print(call(Op.TANH, x))).isEqualTo("\\tanh(x)");
            assertThat(print(call(Op.ARCSIN, x))).isEqualTo("\\arcsin(x)");
            assertThat(print(call(Op.ARCCOS, x))).isEqualTo("\\arccos(x)");
            assertThat(print(call(Op.ARCTAN, x))).isEqualTo("\\arctan(x)");
            assertThat(print(call(Op.SQRT, x))).isEqualTo("\\sqrt{x}");
            assertThat(print(call(Op.ABS, x))).isEqualTo("\\lvert x\\rvert");
            assertThat(print(call(Op.SIGN, x))).isEqualTo("\\operatorname{sign}(x)");
            assertThat(print(call(Op.SIGMOID, x))).isEqualTo("\\sigma(x)");
            assertThat(print(call(Op.RELU, x))).isEqualTo("\\operatorname{relu}(x)");
        }

        @Test void constantsCarryTheirShape() {
            assertThat(print(Exprs.ones(Shape.vector(N)))).isEqualTo("\\mathbf{1}_{n}");
            assertThat(print(Exprs.ones(new Shape(M, N)))).isEqualTo("\\mathbf{1}_{m\\times n}");
            assertThat(print(Exprs.eye(N))).isEqualTo("I_{n}");
            // a zero is a zero of its shape, not 0 times a matrix of ones
            assertThat(print(Exprs.zeros(new Shape(M, N)))).isEqualTo("\\mathbf{0}_{m\\times n}");
            assertThat(print(Exprs.zeros(Shape.vector(N)))).isEqualTo("\\mathbf{0}_{n}");
        }

        @Test void computedDimensionsAreTypesetToo() {
            Expr conv = Exprs.call2(Op.CONV, X, kernel);
            assertThat(print(Exprs.ones(conv.shape()))).isEqualTo("\\mathbf{1}_{(m - k + 1)\\times (n - k + 1)}");
            assertThat(print(Exprs.ones(call(Op.VEC, X).shape()))).isEqualTo("\\mathbf{1}_{m n}");
            // a factor met twice is a square: the identity of kron(I_n, I_n)
            assertThat(print(Exprs.eye(dev.matdiff.expr.Dims.times(N, N)))).isEqualTo("I_{n^{2}}");
            assertThat(print(Exprs.eye(dev.matdiff.expr.Dims.times(M, dev.matdiff.expr.Dims.times(N, N))))).isEqualTo("I_{m n^{2}}");
        }

        @Test void everySampleIsAsciiWithoutBreakMarks() {
            for (Expr e : Samples.everyOperation())
                assertThat(print(e)).as(e.toString()).matches("[\\x20-\\x7e]+");
        }
    }

    @Nested
    class Parentheses {
        /** A size sum(ones(m, n)) is mn, every entry counted (it was written m), and bracketed as a product or sum. */
        @Test void aSizeOfOnesIsTheNumberOfItsEntries() {
            Expr mn = Exprs.sum(Exprs.ones(new Shape(M, N))), n = Exprs.sum(Exprs.ones(Shape.vector(N)));
            Dim pr = dev.matdiff.expr.Dims.plus(dev.matdiff.expr.Dims.minus(new Dim.Sym("p"), Samples.K), 1);
            assertThat(print(mn)).isEqualTo("m\\,n");
            assertThat(print(n)).isEqualTo("n");
            assertThat(print(Exprs.div(s, mn))).isEqualTo("\\frac{s}{m\\,n}");
            assertThat(print(transpose(mul(mn, x)))).isEqualTo("(m\\,n\\,x)^{\\top}");
            assertThat(print(mul(num(2), Exprs.sum(Exprs.ones(Shape.vector(pr)))))).isEqualTo("2 (p - k + 1)");
        }

        /** A mean prints as the text printer writes it, mean(x), not as the sum over its count. */
        @Test void aMeanIsWrittenAsOne() {
            Expr mean = dev.matdiff.MatDiff.parse("vector x(n)\nf = mean(x)*x").program().objective(null).body();
            assertThat(print(mean)).isEqualTo("\\operatorname{mean}(x)\\,x");
            Expr columns = dev.matdiff.MatDiff.parse("matrix X(m, n)\nf = mean(X, 1)").program().objective(null).body();
            assertThat(print(columns)).isEqualTo("\\operatorname{mean}(X, 1)");
        }

        @Test void transposeOfASumOrProductIsBracketed() {
            assertThat(print(transpose(add(A, B)))).isEqualTo("(A + B)^{\\top}");
            assertThat(print(transpose(mul(A, B)))).isEqualTo("(A B)^{\\top}");
        }

        @Test void transposeBindsTighterThanAProduct() {
            assertThat(print(mul(transpose(A), B))).isEqualTo("A^{\\top} B");
            assertThat(print(mul(A, transpose(B)))).isEqualTo("A B^{\\top}");
        }

        @Test void noSuperscriptIsEverDoubled() {
            assertThat(print(transpose(transpose(A)))).isEqualTo("(A^{\\top})^{\\top}");
            assertThat(print(inv(Exprs.power(A, 2)))).isEqualTo("(A^{2})^{-1}");
            assertThat(print(transpose(call(Op.SQNORM, A)))).isEqualTo("(\\lVert A\\rVert_F^{2})^{\\top}");
        }

        @Test void transposedInverseIsMinusTop() {
            assertThat(print(transpose(inv(A)))).isEqualTo("A^{-\\top}");
            assertThat(print(inv(transpose(A)))).isEqualTo("A^{-\\top}");
            assertThat(print(inv(add(A, B)))).isEqualTo("(A + B)^{-1}");
        }

        @Test void linearRegressionGradient() {
            assertThat(print(mul(num(2), mul(transpose(X), sub(mul(X, w), y))))).isEqualTo("2 X^{\\top} (X w - y)");
        }

        @Test void negation() {
            assertThat(print(neg(mul(A, B)))).isEqualTo("-A B");
            assertThat(print(neg(add(A, B)))).isEqualTo("-(A + B)");
            assertThat(print(neg(transpose(A)))).isEqualTo("-A^{\\top}");
            assertThat(print(sub(A, mul(num(2), B)))).isEqualTo("A - 2 B");
            assertThat(print(sub(A, add(B, C)))).isEqualTo("A - (B + C)");
            assertThat(print(mul(A, neg(B)))).isEqualTo("-A B");
            // the factory takes a negation out of either factor of ⊙, as out of a product's
            assertThat(print(Exprs.hadamard(A, neg(B)))).isEqualTo("-(A \\odot B)");
            assertThat(print(Exprs.kron(A, neg(B)))).isEqualTo("A \\otimes (-B)");
        }

        @Test void scalars() {
            Expr xy = mul(transpose(x), x);
            assertThat(print(mul(xy, A))).isEqualTo("(x^{\\top} x)\\,A");
            assertThat(print(mul(add(s, t), A))).isEqualTo("(s + t)\\,A");
            assertThat(print(mul(mul(num(2), s), A))).isEqualTo("2 s\\,A");
            assertThat(print(mul(s, Exprs.hadamard(A, B)))).isEqualTo("s\\,(A \\odot B)");
            assertThat(print(mul(s, mul(A, B)))).isEqualTo("s\\,A B");
        }

        /** A root to a whole power as a textbook writes it, (s + t)^{3/2}, and code's eps as ε (a trial found √(v+eps)³). */
        @Test void aRootToAPowerIsAHalfPower() {
            Expr root = Exprs.call(Op.SQRT, add(s, t));
            assertThat(print(Exprs.elemPow(root, 3))).isEqualTo("(s + t)^{3/2}");
            assertThat(print(Exprs.elemPow(root, 4))).isEqualTo("(s + t)^{2}");
            assertThat(print(mul(Exprs.elemPow(root, 2), A))).isEqualTo("\\sqrt{s + t}^{2}\\,A");
            assertThat(print(Exprs.elemPow(Exprs.call(Op.SQRT, s), 3))).isEqualTo("s^{3/2}");
            assertThat(print(Exprs.elemPow(root, -1))).isEqualTo("\\sqrt{s + t}^{-1}");  // as the simplifier never leaves it
            assertThat(print(Exprs.var("eps", dev.matdiff.expr.Shape.SCALAR, dev.matdiff.expr.VarKind.SCALAR, false))).isEqualTo("\\varepsilon");
        }

        /** A term that prints its own sign is subtracted (review s71r: w + -\frac{1_n}{2a} ⊘ √v). */
        @Test void aTermPrintingItsOwnSignIsSubtracted() {
            var objective = dev.matdiff.MatDiff.parse("vector w(n), v(n); scalar a; f = w + (-ones(n)/(2*a)) ./ sqrt(v)").program().objective(null).body();
            assertThat(print(objective)).startsWith("w - ").doesNotContain("+ -");
        }

        @Test void mixedProductsAreBracketedForTheReader() {
            assertThat(print(Exprs.hadamard(mul(A, B), C))).isEqualTo("(A B) \\odot C");
            assertThat(print(Exprs.hadamard(A, mul(B, C)))).isEqualTo("A \\odot (B C)");
            assertThat(print(Exprs.hadamard(Exprs.hadamard(A, B), C))).isEqualTo("A \\odot B \\odot C");
            // ⊙ associates: one chain either way round
            assertThat(print(Exprs.hadamard(A, Exprs.hadamard(B, C)))).isEqualTo("A \\odot B \\odot C");
            assertThat(print(Exprs.kron(add(A, B), C))).isEqualTo("(A + B) \\otimes C");
        }

        @Test void aFractionNeedsNoBracketsButGrowsThem() {
            assertThat(print(Exprs.div(add(A, B), s))).isEqualTo("\\frac{A + B}{s}");
            assertThat(print(mul(Exprs.div(A, s), B))).isEqualTo("\\frac{A}{s} B");
            assertThat(print(transpose(add(Exprs.div(A, s), B)))).isEqualTo("\\left(\\frac{A}{s} + B\\right)^{\\top}");
            assertThat(print(Exprs.tr(Exprs.div(A, s)))).isEqualTo("\\operatorname{Tr}\\left(\\frac{A}{s}\\right)");
        }

        @Test void differentials() {
            assertThat(print(mul(diff(A), B))).isEqualTo("(\\mathrm{d}A) B");
            assertThat(print(mul(A, diff(B)))).isEqualTo("A \\mathrm{d}B");
            assertThat(print(Exprs.matmul(List.of(A, diff(B), C)))).isEqualTo("A (\\mathrm{d}B) C");
            assertThat(print(transpose(diff(A)))).isEqualTo("(\\mathrm{d}A)^{\\top}");
            assertThat(print(diff(transpose(A)))).isEqualTo("\\mathrm{d}(A^{\\top})");
            assertThat(print(diff(sub(mul(X, w), y)))).isEqualTo("\\mathrm{d}(X w - y)");
            assertThat(print(neg(diff(A)))).isEqualTo("-\\mathrm{d}A");
            assertThat(print(Exprs.hadamard(diff(A), B))).isEqualTo("\\mathrm{d}A \\odot B");
            assertThat(print(diff(Exprs.tr(A)))).isEqualTo("\\mathrm{d}\\operatorname{Tr}(A)");
        }
    }

    @Nested
    class Numbers {
        @Test void integersArePlain() {
            assertThat(LatexPrinter.number(2)).isEqualTo("2");
            assertThat(LatexPrinter.number(-3)).isEqualTo("-3");
            assertThat(LatexPrinter.number(0)).isEqualTo("0");
        }

        @Test void othersAreCompact() {
            assertThat(LatexPrinter.number(0.5)).isEqualTo("0.5");
            assertThat(LatexPrinter.number(1.25e-3)).isEqualTo("0.00125");
            assertThat(LatexPrinter.number(0.1 + 0.2)).isEqualTo("0.3");  // a formula's constant without a fold's rounding (SimplifierTest)
            assertThat(LatexPrinter.number(1e-7)).isEqualTo("10^{-7}");
            assertThat(LatexPrinter.number(-2.5e-9)).isEqualTo("-2.5 \\cdot 10^{-9}");
            assertThat(LatexPrinter.number(6.02e23)).isEqualTo("6.02 \\cdot 10^{23}");
            assertThat(LatexPrinter.number(Double.POSITIVE_INFINITY)).isEqualTo("\\infty");
        }

        @Test void aLongDecimalThatIsAShortQuotientIsAFraction() {
            assertThat(LatexPrinter.number(1.0 / 3)).isEqualTo("\\frac{1}{3}");
            assertThat(LatexPrinter.number(-2.0 / 7)).isEqualTo("-\\frac{2}{7}");
            assertThat(LatexPrinter.number(5.0 / 3)).isEqualTo("\\frac{5}{3}");
            assertThat(LatexPrinter.number(0.1 + 0.2)).isEqualTo("0.3");  // no short quotient is exactly it: the decimal, as a formula writes it
        }

        /** A coefficient that is a proper fraction of 2, 4, 8 or 16 is typeset as one, numerator kept: \\frac{3}{8} x (review). */
        @Test void aHalfOrAQuarterCoefficientIsAFraction() {
            assertThat(print(Exprs.scale(num(0.375), x))).isEqualTo("\\frac{3}{8} x");
            assertThat(print(Exprs.scale(num(-0.5), x))).isEqualTo("-\\frac{1}{2} x");
            assertThat(print(Exprs.scale(num(1.5), x))).isEqualTo("1.5 x");
        }

        @Test void aPowerOfTenIsBracketedLikeAnyScript() {
            assertThat(print(Exprs.elemPow(num(1e-7), 2))).isEqualTo("(10^{-7})^{2}");
        }

        @Test void aNumberInFrontOfADigitGetsADot() {
            assertThat(print(mul(num(2), Exprs.elemPow(num(3), 0.5)))).isEqualTo("2 \\cdot 3^{0.5}");
        }

        @Test void negativeNumbersInASum() {
            assertThat(print(add(s, num(-1)))).isEqualTo("s - 1");
            assertThat(print(mul(num(-2), A))).isEqualTo("-2 A");
        }
    }

    @Test void namesFollowTheNameRule() {
        Expr e = mul(Samples.matrix("W1", M, N), Samples.vector("x_hat", N));
        assertThat(print(e)).isEqualTo("W_{1} \\hat{x}");
        assertThat(print(Exprs.named("h2", e))).isEqualTo("h_{2}");
        assertThat(print(mul(Samples.scalar("lambda"), Samples.square("Sigma", N)))).isEqualTo("\\lambda\\,\\Sigma");
    }

    /** Lines break before a sum's signs; between a product's factors only as a last resort, and never inside (X). */
    @Test void breakMarksSitBeforeTheSignsOfASumAndLastResortsBetweenFactors() {
        String marked = LatexPrinter.printBreakable(sub(add(A, B), mul(A, B)));
        assertThat(marked).isEqualTo("A" + LatexPrinter.BREAK + " + B" + LatexPrinter.BREAK + " - A" + LatexPrinter.LAST_RESORT + " B");
        assertThat(LatexPrinter.printBreakable(mul(Exprs.transpose(Exprs.call(dev.matdiff.expr.Op.VEC, A)), Exprs.call(dev.matdiff.expr.Op.VEC, B))))
                .isEqualTo("\\operatorname{vec}(A)^{\\top}" + LatexPrinter.LAST_RESORT + " \\operatorname{vec}(B)");
        assertThat(LatexPrinter.printBreakable(Exprs.call(dev.matdiff.expr.Op.VEC, add(A, B))))
                .isEqualTo("\\operatorname{vec}(" + LatexPrinter.LAST_RESORT + "A" + LatexPrinter.BREAK + " + B)");
        // a chain of ⊙ may break before a factor (trial s72b: rather than inside a short (1 − z))
        assertThat(LatexPrinter.printBreakable(Exprs.hadamard(A, add(A, B))))
                .isEqualTo("A" + LatexPrinter.LAST_RESORT + " \\odot (A" + LatexPrinter.BREAK + " + B)");
    }
}
