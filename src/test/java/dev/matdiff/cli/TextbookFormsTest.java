package dev.matdiff.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Objectives whose gradient reads as the textbook's, as a user runs them (derive, then check with
 * finite differences): each was longer, or divided by probabilities, before an audit found it.
 * A mean loss's softmax and sigmoid terms cancel through a symbolic 1/N; a symmetric named
 * intermediate stays symmetric; an inverted product sheds its square neighbours.
 */
class TextbookFormsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a named matrix's inverse read through its definition where that cancels, as the Cookbook's (51), (57), (58)
            // and the unnamed program have it (trial s76a); with X not square nothing cancels and the name stays, as in (54)
            "matrix X(n, n); Y = X^3; f = logdet(Y) | X | 3*inv(X)'",
            "matrix X(n, n); Y = X^3; f = det(Y) | X | 3*det(Y)*inv(X)'",
            "matrix A(n, n), X(n, n), B(n, n); M = A*X*B; f = det(M) | X | det(M)*inv(X)'",
            "matrix A(n, n), X(n, n), B(n, n); M = A*X*B; f = logdet(M) | A | inv(A)'",
            "matrix A(n, n), X(n, n); M = X'*A*X; f = det(M) | X | 2*det(M)*inv(X)'",
            "matrix A(m, m), X(m, n); M = X'*A*X; f = logdet(M) | X | A*X*inv(M) + A'*X*inv(M)'",
            // all of it or none: Y⁻¹ read alone would leave X⁻² beside X⁻¹ (review s76r); Y read as X² too, it all goes, as
            // in the unnamed a'*X^-2*b
            "matrix X(n, n); vector a(n), b(n); Y = X^2; f = a'*Y^-1*b | X | -((X^-2)'*a*b'*inv(X)' + inv(X)'*a*b'*(X^-2)')",
            "matrix A(n, n), X(n, n), B(n, n); M = A*X*B; f = logdet(M) + tr(inv(M)*A) | A | inv(A)'",  // tr(inv(AXB)A) = tr(inv(XB)) reads no A
            // a named power merges with its base beside it, as the Cookbook's (121); inside its own det it stays named
            "matrix X(n, n); Y = X^2; f = tr(Y*Y) | X | 4*(X^3)'",
            // a name whose body the simplifier rewrites (−a/2 as −0.5·a) is still read in the gradient: a mixture's
            // responsibility e1/(e1 + e2) (trial s79a: p1*exp(-sqnorm(x - mu1)/2)*(mu1 - x)/(e1 + e2))
            "vector mu1(d), mu2(d); vector x(d) constant; scalar p1 constant; e1 = p1*exp(-sqnorm(x - mu1)/2);"
                    + " e2 = (1 - p1)*exp(-sqnorm(x - mu2)/2); L = -log(e1 + e2) | mu1 | e1*(mu1 - x)/(e1 + e2)",
            // the cosine of two named layers, read with its name: cancelling 1/(‖p‖³‖q‖) against a sum with the factor ‖p‖
            // first factors it out, and the next cancelling divides it (trial s79a: ((p'*q)*p - norm(p)^2*q)*a'/(norm(p)^3*norm(q)))
            "matrix W(k, n); vector a(n), b(n) constant; p = W*a; q = W*b; s = p'*q/(norm(p)*norm(q)); L = -s | W"
                    + " | (s*norm(q)*p - norm(p)*q)*a'/(norm(p)^2*norm(q)) + (s*norm(p)*q - norm(q)*p)*b'/(norm(q)^2*norm(p))",
            // a name put back for its value after simplifying meets itself, and the two are one term (trial s76c: s + s)
            "matrix A(m, n); vector x(n); s = A*x; f = s'*s + x'*A'*A*x | x | 4*A'*s",
            "matrix X(n, n); Y = X^2; f = det(Y) | X | 2*det(Y)*inv(X)'",
            // a sum of one symbols' arrangements lists them as the objective writes the symbols: the Cookbook's (77), (114),
            // (122) (trial s76a); a term and its transposed twin keep their order, the plain one first, as (117) has it
            "matrix X(m, n); vector b(n), c(n); f = b'*X'*X*c | X | X*(b*c' + c*b')",
            "matrix A(n, n), X(n, n); f = tr(A*X^3) | X | (A*X^2 + X*A*X + X^2*A)'",
            "matrix A(n, m), X(m, n), B(n, m); f = tr(A*X*B*X) | X | (A*X*B + B*X*A)'",
            "matrix X(m, n), B(m, m), C(n, n); f = tr(X'*B*X*C) | X | B*X*C + B'*X*C'",
            // |Y| of a name for a relu is Y (trial s74c: tensorgrad's relu test printed 2*X'*abs(Y))
            "matrix X(p, m) constant; matrix W(m, n); vector b(n) constant; Y = relu(X*W + ones(p)*b'); L = sum(Y .* Y) | W | 2*X'*Y",
            "matrix W(c, n); matrix X(n, N), Y(c, N) constant; assume sum(Y, 1) = 1; P = softmax(W*X); L = -sum(Y .* log(P))/N"
                    + " | W | (P - Y)*X'/N",
            // the focal loss at γ = 1.5: the powers of 1 − p meet across the labels between them (trial s64c)
            "vector z(n); vector y(n) constant; p = sigmoid(z); L = -sum(y .* (ones(n) - p).^1.5 .* log(p))"
                    + " | z | sqrt(ones(n) - p).^3 .* y .* (1.5*(p .* log(p)) + p - ones(n))",
            // logsumexp written out, of a product: the softmax through the product (trial s64a: A'*exp(A*x)/sum(exp(A*x)))
            "matrix W(k, n); vector x(n) constant; vector y(k) constant; L = log(sum(exp(W*x))) - y'*W*x | W | (softmax(W*x) - y)*x'",
            // a mixture's Σ_k r_k d_k is D r (sum-weighted), not sum(D .* (ones(d)*r'), 2)
            "vector x(d); vector logpi(K) constant; matrix M(d, K) constant; D = x*ones(K)' - M; z = logpi - sum(D .* D, 1)'/2;"
                    + " L = -logsumexp(z) | x | D*softmax(z)",
            "matrix X(N, d) constant; matrix W(d, k); matrix Y(N, k) constant; assume sum(Y, 2) = 1; P = softmax((X*W)')';"
                    + " L = -sum(Y .* log(P)) | W | X'*(P - Y)",
            "matrix X(N, d) constant; matrix W(d, k); matrix Y(N, k) constant; P = softmax((X*W)')';"
                    + " L = -sum(Y .* log(P)) | W | X'*(P .* (sum(Y, 2)*ones(k)') - Y)",
            // the 1 that d log(P) brings to a batch's KL divergence or entropy cancels through the softmax
            "matrix A(k, N); matrix Q(k, N) constant; P = softmax(A); L = sum(P .* (log(P) - log(Q)))"
                    + " | A | P .* (log(P) - log(Q) - ones(k)*sum(P .* (log(P) - log(Q)), 1))",
            "matrix Z(k, N); P = softmax(Z); L = -sum(P .* log(P)) | Z | P .* (ones(k)*sum(P .* log(P), 1) - log(P))",
            // also where the 1 meets a cross-entropy's q ⊘ p: sum(τ(p ⊙ log p + p) − q) is τ(1 + pᵀlog p) − sum(q), and τp cancels
            "vector z(n); vector q(n) constant; scalar tau constant; p = softmax(z); L = -q'*log(p) + tau*sum(p .* log(p))"
                    + " | z | tau*(p .* log(p)) + (sum(q) - tau*p'*log(p))*p - q",
            // the focal loss (γ = 2): σ(1 − σ) cancels each term's σ or 1 − σ, with no 0/0 where σ rounds to 0 or 1
            "vector z(N); vector y(N) constant; p = sigmoid(z);"
                    + " L = -sum((ones(N) - p).^2 .* y .* log(p) + p.^2 .* (ones(N) - y) .* log(ones(N) - p))"
                    + " | z | 2*(p .* (ones(N) - p).^2 .* y .* log(p)) - (ones(N) - p).^3 .* y"
                    + " - 2*(p.^2 .* (ones(N) - p) .* (ones(N) - y) .* log(ones(N) - p)) + p.^3 .* (ones(N) - y)",
            // a bias's gradient is the mean of the residual the weights' gradient multiplies, not its terms' sums
            "matrix X(N, d) constant; vector w(d); scalar b; vector y(N) constant; L = sqnorm(X*w + b*ones(N) - y)/N"
                    + " | b | 2*mean(X*w + b*ones(N) - y)",
            "matrix W(K, d); vector b(K); matrix X(d, N), Y(K, N) constant; L = sqnorm(W*X + b*ones(N)' - Y)/(2*N)"
                    + " | b | mean(W*X + b*ones(N)' - Y, 2)",
            // a fixed size's mean stays mean(x), as a symbolic one does (its 1/5 folded into the 2 printed 0.4*sum(x))
            "vector x(5); L = sqnorm(x - mean(x)*ones(5))/5 | x | 0.4*(x - mean(x)*ones(5))",
            "vector x(5); xc = x - mean(x)*ones(5); L = log(sqnorm(xc)/5) | x | 2*xc/sqnorm(xc)",
            "matrix X(4, 3); L = sqnorm(X - mean(X, 2)*ones(3)') | X | 2*(X - mean(X, 2)*ones(3)')",
            // the Cookbook's d tr(Xᵏ) = k (Xᵏ⁻¹)ᵀ for a product or a sum in place of X: the k terms are one
            "matrix A(n, n), X(n, n); f = tr((A*X)^6) | X | 6*A'*((A*X)^5)'",
            "matrix A(n, n), X(n, n); f = tr((X + A)^3) | X | 3*((X + A)^2)'",
            // a scalar that divides every term of a vector is taken out of it: the Cookbook's norm chain rule
            "vector x(n); matrix A(n, n); f = norm(x - A*x)^3 | x | 3*norm(x - A*x)*(eye(n) - A')*(x - A*x)",
            // a mixture's responsibility: the component's density a1 = p·e^u/√det(S) read back through its name
            "vector x(d) constant; vector mu1(d); vector mu2(d) constant; symmetric S1(d); symmetric S2(d) constant; scalar p1 constant;"
                    + " a1 = p1*exp(-(x - mu1)'*inv(S1)*(x - mu1)/2)/sqrt(det(S1)); a2 = (1 - p1)*exp(-(x - mu2)'*inv(S2)*(x - mu2)/2)/sqrt(det(S2));"
                    + " L = log(a1 + a2) | mu1 | a1*inv(S1)*(x - mu1)/(a1 + a2)",
            "scalar t, p1, s, a2; a1 = p1*exp(-t^2)/s; L = log(a1 + a2) | t | -2*t*a1/(a1 + a2)",
            // the factor a large atom shares goes outside, after the polynomial: (2x + 1)cos(x + x²), (1 − 2x²)e^(−x²)
            "scalar x; L = sin(x + x^2) | x | (2*x + 1)*cos(x + x^2)",
            // tan(u) beside sin(u) or cos(u) is read as their quotient, and sin² + cos² = 1 also in a denominator
            "scalar x; L = arctan(tan(x)) | x | 1",
            // e^u·e^-u, (e^x)^2/e^(2x): 1; a power 1.5 is differentiated as a power, so nothing divides by its root
            "scalar x; L = exp(x)^2/exp(2*x) | x | 0",
            "scalar x; L = (exp(x) - exp(-x))/(exp(x) + exp(-x)) | x | 4/(exp(x) + exp(-x))^2",
            "scalar x, a; L = sin((a*x)^1.5) | x | 1.5*a*cos((a*x)^1.5)*sqrt(a*x)",
            "scalar a, x; L = (x^2 + a^2)^-1.5 | x | -3*x/(x^2 + a^2)^2.5",
            // a root whose divisors multiply out past the polynomials' limit stays as it is (the canceller had divided by
            // them once more: a wrong gradient, found by review)
            "scalar x, a, b, c, d, e, g, h, k, m, p, q, r; L = (a*c*e + a*c*g + a*d*e + a*d*g + b*c*e + b*c*g + b*d*e + b*d*g)*x*(1/(a+b)/(c+d)/(e+g)/(h+k)/(m+p)/(q+r))^1.5"
                    + " | x | (a*c*e + a*c*g + a*d*e + a*d*g + b*c*e + b*c*g + b*d*e + b*d*g)/((a + b)*(c + d)*(e + g)*(h + k)*(m + p)*(q + r))^1.5",
            // an odd power under a root keeps its sign: (det(A)^3)^(2/3) is det(A)^2 where it has a value (trial s68a)
            "matrix A(3, 3); L = det(A^3)^(1/3) | A | det(A)*inv(A)'",
            // the matrix determinant lemma and Sherman–Morrison's push-through (Cookbook (24), (160); trial s68a)
            "vector x(3); L = det(x*x' + eye(3)) | x | 2*x",
            "vector x(3); L = logdet(eye(3) + x*x') | x | 2*x/(1 + x'*x)",
            "vector x(n), y(n); L = det(eye(n) - 2*x*y') | x | -2*y",
            // a scalar the terms share goes outside also where a term is divided: the soft triplet loss
            "vector a(n); vector p(n), q(n) constant; L = softplus(norm(a - p) - norm(a - q)) | a | sigmoid(norm(a - p) - norm(a - q))*((a - p)/norm(a - p) + (q - a)/norm(a - q))",
            // over one denominator where the apart form writes a large divisor twice; a half power is a root
            "scalar x; L = x*sqrt(1 - x^2) | x | (1 - 2*x^2)/sqrt(1 - x^2)",
            "scalar x; L = (1 + x^2)^(3/2) | x | 3*x*sqrt(1 + x^2)",
            "scalar x; L = 1/tan(x) | x | -1/sin(x)^2",
            "scalar x; L = log(1/cos(x) + tan(x)) | x | 1/cos(x)",
            "scalar x; L = sin(x)*cos(x)*tan(x) | x | 2*cos(x)*sin(x)",
            "scalar x; L = x*exp(-x^2) | x | (1 - 2*x^2)*exp(-x^2)",
            "vector x(n); L = sum(x .* exp(-x.^2)) | x | (ones(n) - 2*x.^2) .* exp(-x.^2)",
            // backpropagation's δ ⊙ f' through element-wise layers, each δ one product (it was δ − 2(sin² ⊙ δ), a sum
            // holding every layer's before it: 3,000 layers printed 36 MB; hostile trial)
            "vector x(n); h = sin(x) .* cos(x); L = sum(sin(h) .* cos(h)) | x | (ones(n) - 2*sin(x).^2) .* (ones(n) - 2*sin(h).^2)",
            // a residual layer's δ ⊙ (2 − tanh²) and swish's δ ⊙ (σ(u)(1 − σ(u))u + σ(u)): what a stage sends on holds the
            // gradient reaching it outside (they were polynomials of every layer's terms, tanh(h).^2 .* tanh(x).^2 - …)
            "vector x(n); h = tanh(x) + x; L = sum(tanh(h) + h) | x | (2*ones(n) - tanh(h).^2) .* (2*ones(n) - tanh(x).^2)",
            // e^-u is read through t = e^-u ⊙ u only where it need not divide by u: it printed (t3 .* exp(-t3) .* …) ./ t0,
            // which eval refused at x = 0, where the gradient is 1 (trial); the Poisson exposure's λ ⊘ t stays (below)
            "vector x(n); t0 = x; t1 = exp(-t0) .* t0; t2 = exp(-t1) .* t1; t3 = exp(-t2) .* t2; L = sum(exp(-t3) .* t3) | x | "
                    + "exp(-t0) .* exp(-t1) .* exp(-t2) .* exp(-t3) .* (ones(n) - t3) .* (ones(n) - t2) .* (ones(n) - t1) .* (ones(n) - t0)",
            "vector x(n); h = sigmoid(x) .* x; L = sum(sigmoid(h) .* h) | x | sigmoid(h) .* (ones(n) + (ones(n) - sigmoid(h)) .* h)"
                    + " .* sigmoid(x) .* (ones(n) + (ones(n) - sigmoid(x)) .* x)",
            // and a layer's σ in its own slope σ(1 − σ), however short the result (review s80q)
            "matrix W1(k, n), W2(m, k); vector x(n), b(m), c(k); L = sum(sigmoid(W2*tanh(W1*x + c) + b)) | b"
                    + " | t1 .* (ones(m) - t1) where t1 = sigmoid(W2*tanh(W1*x + c) + b)",
            // an attention head's softmax, printed twice in its δ, named as the textbook names P (trial s80b)
            "matrix Q1(d, N), Q2(d, N); matrix K1(d, N), K2(d, N), V1(e, N), V2(e, N), T(e, N) constant;"
                    + " O = V1*softmax(K1'*Q1/sqrt(d)) + V2*softmax(K2'*Q2/sqrt(d)); L = 0.5*sqnorm(O - T)"
                    + " | Q1 | K1*(t1 .* (V1'*(O - T) - ones(N)*sum(t1 .* (V1'*(O - T)), 1)))/sqrt(d) where t1 = softmax(K1'*Q1/sqrt(d))",
            // a normalised vector's inner product with a sum that holds it cancels to its norm: the projection of t off x
            // (trial s80b: 2*(x/norm(x) - t)/norm(x) - 2*(x'*(x/norm(x) - t))*x/norm(x)^3)
            "vector x(n); vector t(n) constant; L = sqnorm(x/norm(x) - t) | x | 2*((x'*t)*x - norm(x)^2*t)/norm(x)^3",
            // and every term over one divisor written one way, so that they meet (review s80q: norm(v)*norm(u)^3 beside norm(u)^3*norm(v))
            "vector u(n), v(n); L = 1 - u'*v/(norm(u)*norm(v)) + sqnorm(u) | u | 2*u + (u'*v)*u/(norm(u)^3*norm(v)) - v/(norm(u)*norm(v))",
            // a regulariser's term apart from the quotient's over its divisor (trial s80b: all of it over (x'*x)^2)
            "vector x(n); matrix A(n, n) constant; L = (x'*A*x)/(x'*x) + sqnorm(x) | x | 2*x + (A + A')*x/(x'*x) - 2*(x'*A*x)*x/(x'*x)^2",
            // and where common-power writes it as a finished result does (review s80r: t^g*(sum(x) - t)*log(t))
            "vector x(n); scalar g; t = x'*x; L = t^g*sum(x) - t^(g+1) | g | L*log(t)",
            // the objective's own value read by its name with or without the Hessian beside it (trial s80a: only with it)
            "vector x(n); vector z(n) constant; scalar s constant; L = exp(-sqnorm(x - z)/(2*s^2)) | x | L*(z - x)/s^2",
            // a symmetric factor passes a transpose by: exp(S) .* (C + C')/2, not (exp(S) .* C + (exp(S) .* C)')/2 (trial s80b)
            "symmetric S(n); matrix C(n, n) constant; L = sum(exp(S) .* C) | S | (exp(S) .* (C + C'))/2",
            // the soft absolute value's slope σ(r) − σ(−r) is tanh(r/2) (trial s80b)
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); r = X*w - y; L = sum(softplus(r) + softplus(-r)) | w | X'*tanh(r/2)",
            // swish's slope beside a residual keeps σ′'s (1 − σ) (trial s79a: h - sigmoid(h) .* h + ones(m))
            "matrix W(m, n); vector x(n), y(m) constant; h = W*x; L = sqnorm(h .* sigmoid(h) - y) | W"
                    + " | 2*(sigmoid(h) .* (h .* sigmoid(h) - y) .* (h .* (ones(m) - sigmoid(h)) + ones(m)))*x'",
            // a denominator the program wrote stays as written (it read (b^2 + a)^2 beside a + b^2)
            // (and the quotient rule reads the objective's value, (f′ − L g′)/g)
            "scalar a, b; L = sin(a*b)/(a + b^2) | b | (a*cos(a*b) - 2*b*L)/(a + b^2)",
            // the terms in the order the objective writes what they come from, a first term's difference turned (trial s69b)
            "matrix W(K, D); matrix X(D, N), Y(K, N) constant; scalar lam constant; assume sum(Y, 1) = 1;"
                    + " L = -sum(Y .* log(softmax(W*X))) + lam/2*sqnorm(W) | W | (softmax(W*X) - Y)*X' + lam*W",
            "matrix U(m, k), V(n, k); matrix R(m, n) constant; scalar lam constant; L = sqnorm(R - U*V')/2 + lam/2*(sqnorm(U) + sqnorm(V))"
                    + " | V | (U*V' - R)'*U + lam*V",
            "matrix U(m, k), V(n, k); matrix R(m, n) constant; scalar lam constant; L = 3*(sqnorm(R - U*V') + lam*sqnorm(U))/(1 + lam^2)"
                    + " | U | 6*((U*V' - R)*V + lam*U)/(1 + lam^2)",
            // a first term with no difference to turn keeps the simplifier's order, a minus inside a quotient too
            "scalar be; vector y(m) constant; L = -m/2*log(be) + be*y'*y/2 | be | y'*y/2 - m/(2*be)",
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); scalar lam constant;"
                    + " L = sum(log(ones(m) + exp(-y .* (X*w)))) + lam/2*w'*w | w | lam*w - X'*(y .* sigmoid(-y .* (X*w)))",
            // a first term with a minus and nothing to turn: the first positive term of its objective term leads (trial s70b)
            "matrix D(p, n) constant; vector y(n) constant; vector x(n); scalar lam constant; L = sqnorm(y - x) + lam*sqnorm(D*x)"
                    + " | x | 2*(x - y + lam*D'*D*x)",
            // a per-column weight inside a product is diag(c), as the textbooks write it (trial s70b: .* (ones(K)*c'))
            "matrix W(K, d); matrix X(d, N) constant; matrix Y(K, N) constant; vector c(N) constant; assume sum(Y, 1) = 1; Z = W*X;"
                    + " L = (logsumexp(Z) - sum(Y .* Z, 1))*c | W | (softmax(Z) - Y)*diag(c)*X'",
            // a sum the objective writes reads as it does in every gradient (trial s75b: a planar flow's 1 + u'*psi in ∇u, u'*psi + 1 in ∇w)
            "vector u(d), w(d); scalar b; vector z(d) constant; h = tanh(w'*z + b); psi = (1 - h^2)*w; L = -log(abs(1 + u'*psi))"
                    + " | w | (1 - h^2)*(2*h*w'*u*z - u)/(1 + u'*psi)",
            // a long function's value two gradients print is named, as a textbook names the transport plan P (trial s75b)
            "vector f(m), g(n); vector a(m) constant; vector b(n) constant; matrix C(m, n) constant; scalar eps constant;"
                    + " L = a'*f + b'*g - eps*sum(exp((f*ones(n)' + ones(m)*g' - C)/eps))"
                    + " | f,g | b - sum(t1, 1)' where t1 = exp((f*ones(n)' + ones(m)*g' - C)/eps)",
            // a constant subtracted after the first term goes last: CLIP's symmetric loss (trial s75b: softmax(S)' - 2*eye(N) + softmax(S'))
            "matrix Q(d, N), K(d, N); scalar tau constant; S = Q'*K/tau; L = -tr(log(softmax(S))) - tr(log(softmax(S')))"
                    + " | Q | K*(softmax(S)' + softmax(S') - 2*eye(N))/tau",
            // and only that: a merged (1 + λ)x is not read as the regulariser's, putting exp(x) first (review s75r)
            "vector x(n); scalar lam constant; L = sqnorm(x - ones(n))/2 + lam*sqnorm(x)/2 + sum(exp(x)) | x | (1 + lam)*x - ones(n) + exp(x)",
            // a difference is turned all through a gradient or not at all: not ‖x − Da‖²(Da − x)aᵀ (review s75r)
            "matrix D(n, k); vector a(k); vector x(n) constant; scalar lam constant, eps constant;"
                    + " L = sqnorm(x - D*a)^2/4 + lam*sum(sqrt(a.^2 + eps*ones(k))) | a,D | -sqnorm(x - D*a)*(x - D*a)*a'",
            // a product's one sum lists its terms as the objective writes them: kernel ridge's 2K(Ka − y + λa) (trial s75b: λa first)
            "symmetric K(n, n) constant; vector a(n); vector y(n) constant; scalar lam constant; L = sqnorm(y - K*a) + lam*a'*K*a"
                    + " | a | 2*K*(K*a - y + lam*a)",
            // one difference one way round in one answer: ∇a turns x − Da as its first term, so ∇D turns it too (trial s75b:
            // -(x - D*a)*a' beside D'*(D*a - x) + …); alone, as --wrt D derives it, −(x − Da)aᵀ stays as the seed writes it
            "matrix D(n, k); vector a(k); vector x(n) constant; scalar lam constant, eps constant;"
                    + " L = sqnorm(x - D*a)/2 + lam*sum(sqrt(a.^2 + eps*ones(k))) | a,D | (D*a - x)*a'",
            "matrix D(n, k); vector a(k); vector x(n) constant; scalar lam constant, eps constant;"
                    + " L = sqnorm(x - D*a)/2 + lam*sum(sqrt(a.^2 + eps*ones(k))) | D | -(x - D*a)*a'",
            // a residual one gradient reads twice is named, as a textbook names E (trial s70b: a Lyapunov residual)
            "matrix A(n, n) constant; matrix Q(n, n) constant; matrix X(n, n); L = sqnorm(A*X + X*A' + Q) | X | 2*(A'*t1 + t1*A)"
                    + " where t1 = A*X + X*A' + Q",
            // PCA's reconstruction error: its residual, printed twice, named E as a textbook does (trial s74b)
            "matrix X(d, N) constant; matrix W(d, k); L = sqnorm(X - W*W'*X) | W | -2*(X*t1' + t1*X')*W where t1 = X - W*W'*X",
            // the off-diagonal part has diagonal 0: VICReg's covariance term (trial s70b: diag(C - diag(diag(C))) stayed)
            "matrix Z(d, n); C = Z*Z'/(n - 1); L = sqnorm(C - diag(diag(C))) | Z | 4*(C - diag(diag(C)))*Z/(n - 1)",
            "matrix X(n, n); L = sqnorm(X - diag(diag(X))) | X | 2*(X - diag(diag(X)))",
            // a quotient objective's gradient written with its own value, as textbooks write the quotient rule
            "symmetric A(n, n) constant; vector x(n); r = x'*A*x/(x'*x) | x | 2*(A*x - r*x)/(x'*x)",
            "symmetric Sb(n, n), Sw(n, n) constant; vector w(n); num = w'*Sb*w; den = w'*Sw*w; J = num/den | w | 2*(Sb - J*Sw)*w/den",
            "matrix A(n, n), B(n, n) constant; matrix W(n, k); rho = tr(W'*A*W)/tr(W'*B*W) | W | (A + A' - rho*(B + B'))*W/tr(W'*B*W)",
            "vector x(n); vector y(n) constant; c = x'*y/(norm(x)*norm(y)) | x | (norm(x)*y - c*norm(y)*x)/(norm(x)^2*norm(y))",
            // the objective's own value through a root's square, (v + eps) as written, not (eps + v)
            "vector x(d); vector t(d) constant; scalar eps constant; mu = sum(x)/d; xc = x - mu*ones(d); v = xc'*xc/d;"
                    + " L = t'*xc/sqrt(v + eps) | x | (t - mean(t)*ones(d))/sqrt(v + eps) - L*xc/(d*(v + eps))",
            // nor where N is an activation's value: its slope stays 1 - tanh(u).^2 (review s69r: 1 - (norm(V)*h).^2)
            "matrix V(m, n); scalar g; vector x(n), y(m) constant; h = tanh(g*V*x)/norm(V); L = sqnorm(h - y)"
                    + " | g | 2*(h - y)'*((ones(m) - tanh(g*V*x).^2) .* (V*x))/norm(V)",
            // not where the canceller would divide by N (CCA's 1/D read as L/N, no value where x'*Cxy*y = 0); the quotient rule's
            // two terms each over what it does not cancel (trial s80b: ((x'*Cxx*x)*Cxy*y - (x'*Cxy*y)*Cxx*x)/(sqrt(…)*x'*Cxx*x))
            "vector x(n); vector y(K) constant; matrix Cxy(n, K) constant; symmetric Cxx(n), Cyy(K) constant;"
                    + " L = x'*Cxy*y/sqrt((x'*Cxx*x)*(y'*Cyy*y))"
                    + " | x | Cxy*y/sqrt(x'*Cxx*x*y'*Cyy*y) - L*Cxx*x/(x'*Cxx*x)",
            // not where the numerator is a symbol the denominator reads too, nor where reading it so is no shorter
            "scalar a, b; f = a/(a + b) | a | b/(a + b)^2",
            // xᵀAx written with diag(x) (SymPy's test suite; was diag(ones(n)*x'*A' + A'*x*ones(1, n)))
            "vector x(n); matrix A(n, n) constant; L = sum(diag(x)*A*diag(x)) | x | (A + A')*x",
            // a smoothed group lasso over W's rows: each row over its norm (was W .* ((1 ./ sqrt(…))*ones(1, k)); ML trial)
            "matrix W(d, k); scalar eps constant; L = sum(sqrt(sum(W.^2, 2) + eps*ones(d))) | W | W ./ (sqrt(sum(W.^2, 2) + eps*ones(d))*ones(k)')",
            // a log-det barrier in a symmetric X: the halves of C + Cᵀ apart from what is whole (was (C - 2*inv(X) + C')/2; ML trial)
            "symmetric X(n); matrix C(n, n) constant; L = tr(C*X) - logdet(X) | X | (C + C')/2 - inv(X)",
            // Van Loan's nearest Kronecker product: 2(‖B‖²A − R(C, B)) (was 2*kronblocks(kron(A, B) - C, B); ML trial)
            "matrix A(m, n); matrix B(p, q), C(m*p, n*q) constant; L = sqnorm(kron(A, B) - C) | A | 2*(sqnorm(B)*A - kronblocks(C, B))",
            // a ReLU layer's step squared is the step: sign(relu(u)).^2 = sign(relu(u)) (ML trial)
            "matrix W(h, d); matrix X(d, N), T(h, N) constant; L = sqnorm(relu(W*X) - T)/2 | W | (sign(relu(W*X)) .* (relu(W*X) - T))*X'",
            // a batch's layer-norm and batch-norm gains: the row sums of G ⊙ x̂, as torch computes them (tensorgrad's test and a
            // trial; was diag(W*x̂'), an m×m product for its diagonal), written so in the finished gradient only
            "matrix X(d, N); vector g(d); matrix W(d, N) constant; scalar eps constant; C = X - ones(d)*sum(X, 1)/d;"
                    + " v = sum(C .* C, 1)/d; Y = diag(g)*(C ./ (ones(d)*sqrt(v + eps*ones(1, N)))); L = sum(Y .* W)"
                    + " | g | sum(W .* (C ./ (ones(d)*sqrt(v + eps*ones(N)'))), 2)",
            "matrix Xh(d, N), T(d, N) constant; vector g(d), b(d); Y = diag(g)*Xh + b*ones(N)'; L = sqnorm(Y - T)/2"
                    + " | g | sum((Y - T) .* Xh, 2)",
            // GPML 5.4.1's ARD lengthscales, its K⁻¹ − ααᵀ named where the gradient reads it twice: a symmetric G's column sums are its row sums, and Ky is seen symmetric through
            // the two definitions it is made of (was diag(X'*(G/2 - diag(sum(G, 2) + sum(G, 1)')/4)'*X)) (textbook trial)
            "matrix X(n, p) constant; vector y(n) constant; scalar s2 constant; vector eta(p); Z = X*diag(eta)*X';"
                    + " Dsq = diag(Z)*ones(n)' + ones(n)*diag(Z)' - 2*Z; Ky = exp(-Dsq/2) + s2*eye(n);"
                    + " L = 0.5*y'*inv(Ky)*y + 0.5*logdet(Ky) | eta | (1/2)*diag(X'*(exp(-Dsq/2) .* t1 - diag(sum(exp(-Dsq/2) .* t1, 2)))*X)"
                    + " where t1 = inv(Ky) - inv(Ky)*y*y'*inv(Ky)",
            // the same with the kernel named on its own line: symmetry is read through every definition (it stopped at three
            // and kept sum(G, 2) + sum(G, 1)')
            "matrix X(n, p) constant; vector y(n) constant; scalar s2 constant; vector eta(p); Z = X*diag(eta)*X';"
                    + " Dsq = diag(Z)*ones(n)' + ones(n)*diag(Z)' - 2*Z; K = exp(-Dsq/2); Ky = K + s2*eye(n);"
                    + " L = 0.5*y'*inv(Ky)*y + 0.5*logdet(Ky) | eta | diag(X'*(K .* t1 - diag(sum(K .* t1, 2)))*X)/2"
                    + " where t1 = inv(Ky) - inv(Ky)*y*y'*inv(Ky)",
            // Burg's divergence (Kulis et al. 2009) reads the same beside X as alone: Y⁻¹X(X⁻¹ − Y⁻¹) is Y⁻¹ − Y⁻¹XY⁻¹
            "symmetric X(n), Y(n); L = tr(X*inv(Y)) - logdet(X*inv(Y)) - n | X,Y | inv(Y) - inv(Y)*X*inv(Y)",
            // a divisor like 1 − p keeps the orientation the program wrote it in (GDA's φ: Ng, CS229 notes 2), the sign outside
            "scalar phi; scalar N0, N1 constant; L = N1*log(phi) + N0*log(1 - phi) | phi | N1/phi - N0/(1 - phi)",
            "scalar x; L = log(1 - x) | x | -1/(1 - x)",
            "scalar p; scalar y constant; L = y*log(p) + (1 - y)*log(1 - p) | p | (y - p)/(p*(1 - p))",
            // the complementary log-log GLM: 1 − y + (e ⊙ y) ⊘ (e − 1) splits off its 1, 1 − y ⊘ (1 − e) over the divisor
            // as the program wrote it
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); eta = X*w;"
                    + " L = -y'*log(ones(m) - exp(-exp(eta))) + (ones(m) - y)'*exp(eta)"
                    + " | w | X'*(exp(eta) .* (ones(m) - y ./ (ones(m) - exp(-exp(eta)))))",
            // a Gaussian KL through a Cholesky factor: (I − (LLᵀ)⁻¹)L is L − L⁻ᵀ
            "vector mu(d); matrix Lc(d, d); L = (tr(Lc*Lc') + mu'*mu - d - logdet(Lc*Lc'))/2 | Lc | Lc - inv(Lc)'",
            // a residual's gradient as the textbook factors it, (I − P)ᵀ r, and its Hessian (I − P)ᵀ(I − P)
            "vector x(n); vector b(n) constant; matrix P(n, n) constant; L = sqnorm(x - P*x - b) | x | 2*(eye(n) - P')*(x - P*x - b)",
            "matrix F(n, c); matrix S(n, n), Y(n, c) constant; scalar mu constant; L = sqnorm(F - S*F) + mu*sqnorm(F - Y)"
                    + " | F | 2*((eye(n) - S')*(F - S*F) + mu*(F - Y))",
            // a Student-t's gradient in its mean: the row sums of two weighted terms are one product
            "matrix X(d, N) constant; vector mu(d); matrix P(d, d) constant; scalar nu constant; Xc = X - mu*ones(1, N);"
                    + " r = sum(Xc .* (P*Xc), 1); L = (nu + d)/2*sum(log(ones(1, N) + r/nu))"
                    + " | mu | -(nu + d)*(P + P')*Xc*(1 ./ (nu*ones(N)' + r))'/2",
            // a weighted Gram matrix's two terms are one: D diag(c) Dᵀ read from either side, its broadcast as diag(c)
            "matrix G(d, r); matrix D(d, N) constant; vector c(N) constant; f = sum(D .* (G*G'*D), 1)*c | G | 2*D*diag(c)*D'*G",
            // whole numbers over a whole denominator, (3*x - y)/(2*s), not 1.5*x - 0.5*y
            "vector x(n), y(n); scalar s; L = sum(exp(x/s + (x - y)/(2*s))) | y | -exp((3*x - y)/(2*s))/(2*s)",
            // but a small term is not rounded away to make them whole (its 4e-10 was dropped from the coefficient)
            "vector x(n), y(n); scalar s; L = sum(exp(x/s + (x - y)/(2*s) + 4e-10*y/s)) | y"
                    + " | -0.4999999996*exp((1.5*x - 0.4999999996*y)/s)/s",
            // a quadratic form in a Kronecker product keeps it, as its Hessian does (not vec(B*unvec(x, n, m)*A' + …))
            "vector x; matrix A(m, m), B(n, n) constant; L = x'*kron(A, B)*x | x | (kron(A, B) + kron(A', B'))*x",
            // label smoothing: the assumption reaches T through its definition, whose columns then sum to 1 too
            "matrix Z(K, N); matrix Y(K, N) constant; scalar eps constant; assume sum(Y, 1) = 1;"
                    + " T = (1 - eps)*Y + eps/K*ones(K, N); L = -sum(T .* log(softmax(Z)))/N | Z | (softmax(Z) - T)/N",
            // attention's keys: the two transposed terms of ∇K are one transpose, and P factors out as it does in ∇Q
            "matrix Q(N, d), K(M, d), V(M, e); matrix T(N, e) constant; E = exp(Q*K'); P = E ./ (E*ones(M)*ones(M)');"
                    + " L = sum(T .* (P*V)) | K | (P .* (T*V' - sum(P .* (T*V'), 2)*ones(M)'))'*Q",
            // Hadsell's contrastive loss through a name for the distance: (1 − y)·relu(m − d) stays one term, not two
            "vector x1(n), x2(n); scalar y, m constant; dist = norm(x1 - x2); L = y*dist^2 + (1 - y)*relu(m - dist)^2"
                    + " | x1 | 2*(y*dist - (1 - y)*relu(m - dist))*(x1 - x2)/dist",
            // a probit-like link through tanh, p = (1 + tanh(u))/2: tanh(u) is 2p − 1, and p(1 − p) cancels 1 − tanh(u)²
            "matrix X(N, d) constant; vector y(N) constant; vector w(d); p = (ones(N) + tanh(X*w))/2;"
                    + " L = -mean(y .* log(p) + (ones(N) - y) .* log(ones(N) - p)) | w | 2*X'*(p - y)/N",
            // a Gaussian kernel on squared distances q1ᵀ + 1qᵀ − 2XXᵀ: K is symmetric, so (aᵀK ⊙ aᵀ)ᵀ is Ka ⊙ a
            "matrix X(n, d); vector a(n) constant; scalar s constant; q = diag(X*X'); D = q*ones(n)' + ones(n)*q' - 2*X*X';"
                    + " K = exp(-D/s); L = a'*K*a | X | 4*(K .* (a*a') - diag((K*a) .* a))*X/s",
            // a mixture of experts' gate: the residual ŷ − y and its opposite y − ŷ are one factor of both terms, and the gate
            // g ⊙ (e − ŷ) as Jacobs et al. write it (hadamard-common)
            "matrix Wg(E, d), We(E, d); vector x(d) constant; scalar y constant; yh = softmax(Wg*x)'*(We*x); L = (yh - y)^2/2"
                    + " | Wg | (yh - y)*(softmax(Wg*x) .* (We*x - yh*ones(E)))*x'",
            // a mixture density network's mean: the responsibilities outside, p ⊙ (μ − y) (Bishop 1994; trial s81b:
            // (mu .* softmax(z) - y*softmax(z)) ./ s.^2)
            "vector a(k), mu(k), s(k); scalar y constant; z = log(softmax(a)) - ((y*ones(k) - mu) ./ s).^2/2 - log(s);"
                    + " L = -logsumexp(z) | mu | (softmax(z) .* (mu - y*ones(k))) ./ s.^2",
            // and with the squared norms written as row sums, as the README prefers: X ⊙ (v1ᵀ) beside M·X is diag(v)·X
            "matrix X(n, d); vector a(n) constant; scalar s constant; q = sum(X .* X, 2); D = q*ones(n)' + ones(n)*q' - 2*X*X';"
                    + " K = exp(-D/s); L = a'*K*a | X | 4*(K .* (a*a') - diag((K*a) .* a))*X/s",
            // weighted binary cross-entropy: the weights come out of the residual, c ⊙ (p − y)
            "matrix X(N, d) constant; vector y(N), c(N) constant; vector w(d); p = sigmoid(X*w);"
                    + " L = -sum(c .* (y .* log(p) + (ones(N) - y) .* log(ones(N) - p))) | w | X'*(c .* (p - y))",
            // multivariate Student-t in a symmetric scale S: the symmetric gradient's (2A − 2B)/2 is A − B
            "symmetric S(n); vector x(n) constant; scalar nu constant; L = logdet(S) + (nu + n)*log(1 + x'*inv(S)*x/nu)"
                    + " | S | inv(S) - (nu + n)*inv(S)*x*x'*inv(S)/(nu + x'*inv(S)*x)",
            // KL(y ‖ softmax(z)) through a named ratio: ∇r = y ⊘ r meets r's own factors, and y ⊘ (y ⊘ s) is s
            "vector y(n) constant; vector z(n); r = y ./ softmax(z); L = sum(y .* log(r)) | z | sum(y)*softmax(z) - y",
            "vector y(n); vector z(n) constant; r = y ./ softmax(z); L = sum(y .* log(r)) | y | log(r) + ones(n)",
            // Poisson regression with an exposure t: exp(X*w) is lam ./ t
            "matrix X(N, d) constant; vector y(N), t(N) constant; vector w(d); lam = t .* exp(X*w);"
                    + " L = mean(lam - y .* log(lam)) | w | X'*(lam - y)/N",
            // a mixture's weights: each sample's responsibilities sum to 1, so N of them sum to N
            "matrix X(d, N) constant; matrix M(K, d); vector a(K); scalar v constant;"
                    + " D2 = diag(M*M')*ones(1, N) - 2*M*X + ones(K)*sum(X .* X, 1);"
                    + " Zc = (a - logsumexp(a)*ones(K))*ones(1, N) - D2/(2*v); L = -sum(logsumexp(Zc))"
                    + " | a | N*softmax(a) - sum(softmax(Zc), 2)",
            // a softmax's temperature, the softmax named: Y ⊘ P meets P and cancels
            "matrix Z(K, N), Y(K, N) constant; scalar T; P = softmax(Z/T); L = -mean(Y .* log(P))"
                    + " | T | -sum(Y .* (ones(K)*sum(P .* Z, 1) - Z))/(N*K*T^2)",
            // a node mask written diag(m) in a row layout: the mask broadcasts, and the softmax's rows sum to 1 under it
            "matrix Z(n, c); matrix Y(n, c) constant; vector m(n) constant; assume sum(Y, 2) = 1;"
                    + " L = -sum(diag(m)*(Y .* (Z - logsumexp(Z')'*ones(1, c))))/sum(m) | Z | ((softmax(Z')' - Y) .* (m*ones(c)'))/sum(m)",
            // an assumed column or row sum through a product with a matrix of ones: Y'*ones(m, k) is sum(Y, 1)'*ones(1, k) (trial s62b)
            "matrix Y(m, n) constant; matrix Z(n, k); assume sum(Y, 1) = 1; L = sum(Y*Z) | Z | ones(n, k)",
            "matrix Y(n, n) constant; matrix Z(n, n); assume sum(Y, 1) = 1; assume sum(Y, 2) = 1;"
                    + " L = -sum(Y .* log(softmax(Z))) + sum(Y*Z) + sum(Y'*Z) | Z | 2*ones(n, n) - Y + softmax(Z)",
            "matrix Y(n, m) constant; matrix Z(k, n); assume sum(Y, 2) = 3; L = sum(Z*Y) | Z | 3*ones(k, n)",
            // the focal loss with a symbolic γ (two trials found it refused; trial s63a, read as exp(γ·log(1 − p)), it had no
            // value at a negative base and divided by it)
            "matrix X(m, n) constant; vector w(n); vector y(m) constant; scalar g constant; p = sigmoid(X*w);"
                    + " L = -sum(y .* (ones(m) - p).^g .* log(p))"
                    + " | w | X'*(y .* (ones(m) - p).^g .* (g*(p .* log(p)) - ones(m) + p))",
            // and at one example, a scalar p: (1 - p)^g outside, where it read (g*(1 - p)^(g - 1)*log(p)*p - (1 - p)^g)*(1 - p)*x
            // (trial s79a)
            "vector w(n); vector x(n) constant; scalar g constant; p = sigmoid(w'*x); L = -(1 - p)^g*log(p)"
                    + " | w | (1 - p)^g*(g*log(p)*p - 1 + p)*x",
            // and with a number for γ: the power of 1 - p both terms hold goes outside, as the focal-loss paper writes it (trial s74b)
            "matrix X(m, n) constant; vector w(n); vector y(m) constant; p = sigmoid(X*w); L = -sum(y .* (ones(m) - p).^3 .* log(p))"
                    + " | w | X'*((ones(m) - p).^3 .* y .* (3*(p .* log(p)) - (ones(m) - p)))",
            "scalar a, b; L = a^b | a | b*a^(b - 1)",
            "scalar a, b; L = a^b | b | a^b*log(a)",
            "scalar a; L = 2^a | a | 2^a*log(2)",
            "scalar a; L = a^a | a | (log(a) + 1)*a^a",
            "scalar a; vector x(n); L = sum(x .* x.^a) | x | (1 + a)*x.^a",
            "scalar a, b; vector x(n); L = sum(x.^a .* x.^b) | x | (a + b)*x.^(a + b - 1)",
            "scalar a; vector x(n); L = sum(x.^a ./ x) | x | (a - 1)*x.^(a - 2)",
            "scalar p constant; vector x(n); L = sum(abs(x).^p)^(1/p) | x | sum(abs(x).^p)^(1/p - 1)*(sign(x) .* abs(x).^(p - 1))",
            // an exponent of the base's shape, the sizes inferred as -e infers them (trial s62c: refused as of another shape)
            "vector x, g; L = sum(x.^g) | g | x.^g .* log(x)",
            "vector x, g; L = sum(x.^g) | x | g .* x.^(g - ones(n))",
            "matrix A(n, n); L = sum(sum(2.^A)) | A | log(2)*2.^A",
            // a divisor c + (x + u)^2 of a sum squared over a number, and the Cauchy loss (trial s63b: both refused, the
            // scalar c added to the vector square as shapes that differ)
            "vector x(n), u(n); L = sum(log(((x + u)/2).^2 + ones(n))) | x | 2*((x + u) ./ (4*ones(n) + (x + u).^2))",
            "matrix X(m, n) constant; vector w(n); vector y(m) constant; scalar s constant; L = sum(log(ones(m) + ((X*w - y)/s).^2))"
                    + " | w | 2*X'*((X*w - y) ./ (ones(m) + ((X*w - y)/s).^2))/s^2",
            // the norm of a product of scalars: its gradient has a value at 0 (trial s63a: a*b^2/abs(b*a))
            "scalar a, b; L = norm(b*a) | a | b*sign(b*a)",
            // a product beside its own negative power cancels as a symbol does (trial s63a: X'*X*(X'*X)^-2 was left)
            "matrix X(m, n); L = logdet((X'*X)^2) | X | 4*X*inv(X'*X)",
            "matrix X(m, n); matrix A(n, n) constant; L = tr(A*X'*X*inv(X'*X)^2) | X | -X*inv(X'*X)*(A + A')*inv(X'*X)",
            // an entropy bonus: the 1 of d(p log p) does not get through the softmax
            "vector th(A); vector q(A) constant; scalar tau constant; p = softmax(th); L = -q'*p + tau*p'*log(p)"
                    + " | th | p .* (tau*log(p) - q) - (p'*(tau*log(p) - q))*p",
            "matrix Z(K, N); matrix Q(K, N) constant; scalar tau constant; P = softmax(Z); L = -sum(Q .* P) + tau*sum(P .* log(P))"
                    + " | Z | P .* (tau*log(P) - Q - ones(K)*sum(P .* (tau*log(P) - Q), 1))",
            // label smoothing's two terms written apart: (1 − ε)·Y/N and ε·1/(K·N) over one divisor N
            "matrix W(K, d); matrix X(d, N), Y(K, N) constant; scalar eps constant; assume sum(Y, 1) = 1; LP = log(softmax(W*X));"
                    + " L = -(1 - eps)*sum(Y .* LP)/N - eps/K*sum(LP)/N | W | (softmax(W*X) - (1 - eps)*Y - eps*ones(K, N)/K)*X'/N",
            // NumPy's e = exp(-z); p = 1/(1 + e): the gradient in p alone, e read as (1 - p)/p
            "matrix X(N, d) constant; vector y(N) constant; vector w(d); e = exp(-X*w); p = ones(N) ./ (ones(N) + e);"
                    + " L = -(y'*log(p) + (ones(N) - y)'*log(ones(N) - p)) | w | X'*(p - y)",
            "vector w(d); vector x(d) constant; scalar y constant; e = exp(-w'*x); p = 1/(1 + e);"
                    + " L = -(y*log(p) + (1 - y)*log(1 - p)) | w | (p - y)*x",
            "matrix W(h, d); matrix X(d, N), Y(h, N) constant; E = exp(-W*X); P = ones(h, N) ./ (ones(h, N) + E);"
                    + " L = sqnorm(P - Y) | W | 2*(P .* (ones(h, N) - P) .* (P - Y))*X'",
            // and an inline target: the assumption splits the target's column sums into terms it knows
            "matrix W(K, d); matrix X(d, N), Y(K, N) constant; scalar eps constant; assume sum(Y, 1) = 1;"
                    + " L = -sum(((1 - eps)*Y + eps/K*ones(K, N)) .* log(softmax(W*X)))/N"
                    + " | W | (softmax(W*X) - (1 - eps)*Y - eps*ones(K, N)/K)*X'/N",
            "matrix Z(N, K); matrix Y(N, K) constant; scalar eps constant; assume sum(Y, 2) = 1;"
                    + " L = -sum(((1 - eps)*Y + eps/K*ones(N, K)) .* log(softmax(Z')'))"
                    + " | Z | softmax(Z')' - (1 - eps)*Y - eps*ones(N, K)/K",
            "vector z(n); p = softmax(z); L = p'*log(p) | z | p .* log(p) - (p'*log(p))*p",
            // batch norm with its mean written X·1/N: the centred C's rows sum to 0, so mean(∇Z, 2) drops C's term
            "matrix X(n, N); vector g(n), b(n); matrix Y(n, N) constant; mu = X*ones(N)/N; C = X - mu*ones(N)';"
                    + " v = (C .* C)*ones(N)/N; Z = C ./ (sqrt(v + 1e-5*ones(n))*ones(N)'); O = (g*ones(N)') .* Z + b*ones(N)';"
                    + " L = sqnorm(O - Y) | X | 2*(((g*ones(N)') .* (O - Y)) ./ (t1*ones(N)'))"
                    + " - 2*(C .* (((sum((O - Y) .* C, 2) .* g) ./ t1.^3)*ones(N)') + ((sum(O - Y, 2) .* g) ./ t1)*ones(N)')/N"
                    + " where t1 = sqrt(v + 1e-5*ones(n))",
            // layer norm through its x̂ = x_c/σ, as the textbooks write its backward pass
            "vector x(n), g(n), b(n); vector t(n) constant; scalar eps constant; mu = sum(x)/n; xc = x - mu*ones(n);"
                    + " v = sum(xc .* xc)/n; s = sqrt(v + eps); xh = xc/s; y = g .* xh + b; L = t'*y"
                    + " | x | (n*(g .* t) - (xh'*(g .* t))*xh - (g'*t)*ones(n))/(n*s)",
            // layer norm with its mean written 1ᵀx/n: xc is centred all the same
            "vector x(n); vector y(n) constant; mu = ones(n)'*x/n; xc = x - mu*ones(n); s = sqrt(xc'*xc/n + 1e-5); L = y'*(xc/s)"
                    + " | x | (y - mean(y)*ones(n))/s - (xc'*y)*xc/(n*s^3)",
            // a softmax written out and named is read as one: its law names p (was exp(z)'*(y ./ p)*exp(z)/sum(exp(z))^2 - …)
            "vector z(n); vector y(n) constant; p = exp(z)/sum(exp(z)); L = -y'*log(p) | z | sum(y)*p - y",
            "matrix W(k, d); vector x(d); vector y(k) constant; s = W*x; p = exp(s)/(ones(k)'*exp(s)); L = -y'*log(p) | W | (sum(y)*p - y)*x'",
            "vector z(n); vector y(n) constant; p = exp(z)/sum(exp(z)); L = sqnorm(p - y) | z | 2*(p .* (p - y) - (p'*(p - y))*p)",
            // and through a name for its exponential, as NumPy code writes it: the stage of p reads e's definition
            "vector z(n); vector y(n) constant; e = exp(z); p = e/sum(e); L = -y'*log(p) | z | sum(y)*p - y",
            "vector z(n); vector y(n) constant; e = exp(z); p = e/sum(exp(z)); L = -y'*log(p) | z | sum(y)*p - y",
            "matrix W(k, d); matrix X(d, N), Y(k, N) constant; Z = W*X; E = exp(Z); P = E ./ (ones(k)*sum(E, 1)); L = -sum(Y .* log(P))/N"
                    + " | W | (P .* (ones(k)*sum(Y, 1)) - Y)*X'/N",
            // attention's softmax by rows, written out: as softmax(S')' gives it
            "matrix K(n, d), Q(N, d), V(n, m); matrix T(N, m) constant; S = Q*K'; P = exp(S) ./ (sum(exp(S), 2)*ones(1, n));"
                    + " L = sqnorm(P*V - T) | Q | 2*(P .* ((P*V - T)*V' - sum(P .* ((P*V - T)*V'), 2)*ones(n)'))*K",
            // constants fold as the decimals they are written: 2·0.1·0.1 is 0.02, not 0.020000000000000004
            "vector x(n); L = sum((0.1*x).^2) | x | 0.02*x",
            "matrix X(m, n); L = sum(arcsin(0.1*X)) | X | 0.1 ./ sqrt(ones(m, n) - 0.01*X.^2)",
            // a 1×1's norm is its absolute value, and xᵀx's is xᵀx (Cookbook eq. 131)
            "vector x(n); L = norm(x'*x) | x | 2*x",
            // distillation at temperature T: pᵀ(q ⊘ p) is sum(q), which is 1
            "vector z(k); vector y(k) constant; scalar T constant; p = softmax(z/T); q = softmax(y/T);"
                    + " L = T^2*sum(q .* (log(q) - log(p))) | z | T*(p - q)",
            "matrix X(N, d) constant; vector y(N) constant; vector w(d); p = sigmoid(X*w);"
                    + " L = -sum(y .* log(p) + (ones(N) - y) .* log(ones(N) - p))/N | w | X'*(p - y)/N",
            "symmetric K(N); vector y(N) constant; scalar s2; Ky = K + s2*eye(N); L = y'*inv(Ky)*y/2 + logdet(Ky)/2"
                    + " | K | (inv(Ky) - inv(Ky)*y*y'*inv(Ky))/2",
            "matrix A(D, D); matrix X(D, N) constant; vector mu(D) constant; scalar eps constant; S = A*A' + eps*eye(D);"
                    + " C = X - mu*ones(N)'; L = N*logdet(S) + tr(C'*inv(S)*C) | A | 2*(N*inv(S) - inv(S)*C*C'*inv(S))*A",
            // a transposed mean stays a mean, so its gradient does not mix mean(X, 2) with sum(X, 2)/m
            "matrix X(n, m), A(n, n); L = mean(X, 2)'*A*mean(X, 2) | X | (A + A')*mean(X, 2)*ones(m)'/m",
            // a sum's terms cancel apart, not over one denominator: RMS norm, and a sum of powers of norms
            "vector x(n), g(n), t(n); scalar eps constant; r = sqrt(sum(x .* x)/n + eps); L = t'*(g .* x/r)"
                    + " | x | (g .* t)/r - ((g .* x)'*t)*x/(n*r^3)",
            "vector x(n); matrix A(n, n) constant; L = (x'*A*x)^0.5 + norm(x)^3 + mean(x .* x)"
                    + " | x | (A + A')*x/(2*sqrt(x'*A*x)) + 3*norm(x)*x + 2*x/n",
            // attention's softmax: A ⊙ (G − 1·sum(A ⊙ G, 1)) with A factored out
            "matrix K(n, d); matrix Q(N, d), V(n, m), T(N, m) constant; scalar d0 constant; A = softmax(K*Q'/sqrt(d0)); L = tr(T*V'*A)"
                    + " | K | (A .* (V*T' - ones(n)*sum(A .* (V*T'), 1)))*Q/sqrt(d0)",
            // a Gaussian process's noise: the same textbook form whether or not its length-scale is asked for too
            "matrix D(n, n) constant; vector y(n) constant; scalar a, s; K = exp(-a*D); M = K + s*eye(n);"
                    + " L = logdet(M) + y'*inv(M)*y | a,s | tr(inv(M)) - y'*M^-2*y",
            "matrix A(n, n), X(n, n), B(n, n); f = det(A*X*B) | X | det(A*X*B)*inv(X)'",
            // a scalar inside a matrix: Tr(Gᵀ ∂K/∂θ) as GPML 5.9 writes it, also beside another scalar's (was sum(K0 .* …))
            "symmetric K0(n) constant; vector y(n) constant; scalar s, sn; K = s*K0 + sn*eye(n);"
                    + " L = -y'*inv(K)*y/2 - logdet(K)/2 | sn,s | tr((inv(K)*y*y'*inv(K) - inv(K))*K0)/2",
            "symmetric A(n); matrix X(n, n); scalar s; f = logdet(s*A + X) | X,s | tr(inv(s*A + X)*A)",
            // PRML 3.86 as log N(t; 0, C): α's gradient a trace whatever scalar divides it (was sum((P*P') .* …) beside β)
            "matrix P(N, M) constant; vector t(N) constant; scalar alpha, beta; C = eye(N)/beta + P*P'/alpha;"
                    + " L = -logdet(C)/2 - t'*inv(C)*t/2 | beta,alpha | -tr((inv(C)*t*t'*inv(C) - inv(C))*P*P')/(2*alpha^2)",
            // a scalar's coefficient stays a norm, a sum of entries or a product with a row, whatever else is asked for (review)
            "matrix A(m, n); scalar s; L = sqnorm(s*A) | A,s | 2*s*sqnorm(A)",
            "matrix B(m, n); scalar a; L = sum((a*B).^3) | B,a | 3*sum(B .* (a*B).^2)",
            "matrix M(1, n); vector v(n); scalar a; L = (M/a)*v | v,a | -M*v/a^2",
            // d tr((A + tB)⁻¹)/dt = −tr((A + tB)⁻²B), the inverse's two ends one squared factor (Cookbook trial)
            "matrix A(n, n), B(n, n); scalar t; f = tr(inv(A + t*B)) | t | -tr((A + t*B)^-2*B)",
            "symmetric S(n); matrix A(n, n); f = logdet(S*A*S) | S | 2*inv(S)",
            "matrix X(n, n); f = sqrt(det(X)) | X | sqrt(det(X))*inv(X)'/2",
            "vector x(n), g(n); vector t(n) constant; scalar eps constant; mu = sum(x)/n; xc = x - mu*ones(n);"
                    + " v = sum(xc .* xc)/n; L = t'*(g .* xc/sqrt(v + eps)) | x"
                    + " | (g .* t - (g'*t)*ones(n)/n)/sqrt(v + eps) - ((g .* xc)'*t)*xc/(n*sqrt(v + eps)^3)",
            "matrix X(d, N); matrix T(d, N) constant; scalar eps constant; mu = sum(X, 2)/N; Xc = X - mu*ones(1, N);"
                    + " v = sum(Xc .* Xc, 2)/N; L = sum(T .* Xc ./ (sqrt(v + eps*ones(d))*ones(1, N))) | X"
                    + " | T ./ (t1*ones(N)') - (Xc .* ((sum(T .* Xc, 2) ./ t1.^3)*ones(N)') + (sum(T, 2) ./ t1)*ones(N)')/N"
                    + " where t1 = sqrt(v + eps*ones(d))",
            "matrix A(n, n) constant; vector x(n); L = x'*inv(A + x*x')*x | x | (1 - x'*t1*x)*(t1 + t1')*x where t1 = inv(A + x*x')",
            "vector u(d), v(d); matrix U(d, k); L = -log(sigmoid(u'*v)) - sum(log(sigmoid(-U'*v))) | U | v*sigmoid(U'*v)'",
            "matrix A(m, n), B(n, p); vector x(n); F = A*x*x'*B | x | kron(B'*x, A) + kron(B', A*x)",
            // Kronecker products of square matrices: Tr, sum and log det factor (Cookbook, section 10.2.1)
            "matrix A(n, n), B(m, m); L = tr(kron(A, B))^2 | A | 2*tr(A)*tr(B)^2*eye(n)",
            // the mixed product's scalar factor, Tr(BDDᵀBᵀ), read as the norm it is (was tr(B*D*D'*B') + sqnorm(B*D))
            "matrix A(n, m), B(p, q), C(m, r), D(q, s); L = sqnorm(kron(A, B)*kron(C, D)) | A | 2*sqnorm(B*D)*A*C*C'",
            "matrix A(n, n); matrix B(p, q); L = sum(kron(A, B))^2 | A | 2*sum(A)*sum(B)^2*ones(n, n)",
            "matrix A(n, n), B(m, m); L = logdet(kron(A, B))*logdet(B) | A | m*logdet(B)*inv(A)'",
            // a size that is a product of symbols meets its other spellings as one monomial (trial s59t)
            "matrix X(n, n); L = logdet(kron(X, kron(X, kron(X, X)))) | X | 4*n^3*inv(X)'",
            "matrix X(n, n); L = mean(kron(X, X)) | X | 2*sum(X)*ones(n, n)/n^4",
            // the norms of I and of ones are counts; a scalar's gradient through (aX)^k or inv(aX) is a trace (trial s59t)
            "matrix X(m, n); L = sqnorm(kron(eye(p), X)) | X | 2*p*X",
            "matrix X(n, n); L = tr(ones(n, n))*sum(X) + sqnorm(X .* eye(n)) | X | n*ones(n, n) + 2*(eye(n) .* X)",
            "matrix X(n, n); scalar a; L = tr(inv(a*X)) | a | -tr(inv(X))/a^2",
            "matrix X(n, n); scalar a; L = tr((a*X)^3) | a | 3*a^2*tr(X^3)",
            "vector x(n); L = sum(sqrt(x.^2)) | x | sign(x)",
            // a total of assumed column or row sums is their sum (trial s59t)
            "matrix Z(k, m); matrix Y(k, m) constant; assume sum(Y, 1) = ones(1, m); L = sum(logsumexp(Z)) - sum(Y .* Z) + sum(Y)*sum(Z)"
                    + " | Z | softmax(Z) - Y + m*ones(k, m)",
            "matrix Z(k, m); matrix Y(k, m) constant; assume sum(Y, 2) = 2*ones(k); L = sum(Y)*sum(Z) | Z | 2*k*ones(k, m)",
            // Kronecker products read through their factors (Cookbook 10.2.1; trial s59t)
            "matrix X(p, p); matrix A(n, n) constant; L = tr(inv(kron(X, A))) | X | -tr(inv(A))*(X^-2)'",
            "matrix X(p, p); L = logdet(kron(X, eye(n)) + eye(n*p)) | X | n*inv(X + eye(p))'",
            "matrix A(m, m), B(n, n); L = tr(kron(A, B) .* kron(A, B)) | A | 2*tr(B.^2)*(A .* eye(m))",
            // an inverse of 6 nodes or more one result prints twice is named, as S⁻¹ in a Kalman update (trials s71a, s71c)
            "symmetric B(k), C(k) constant; matrix X(k, m); L = tr(inv(X'*C*X)*(X'*B*X)) | X | 2*(B - C*X*t1*X'*B)*X*t1 where t1 = inv(X'*C*X)",
            // a quotient the gradient reads already meets the one the rewriting writes: q cancels (review s71r: it printed
            // B'*((q .* y) ./ ((B*x + y) .* q)))
            "matrix A(n, n), B(n, n) constant; vector x(n); vector y(n) constant; q = (A*x) ./ (B*x + y); L = y'*log(q) | x"
                    + " | A'*(y ./ (q .* (B*x + y))) - B'*(y ./ (B*x + y))",
            // a reciprocal among scalars is one quotient, 1 ./ (2*a*sqrt(v)), not (1 ./ sqrt(v))/(2*a) (trial s70b)
            "vector v(n); scalar a; L = sum(ones(n) - sqrt(v))/a | v | -1 ./ (2*a*sqrt(v))",
            "vector v(n); scalar a, b; L = sum(log(v))/(a + b) | v | 1 ./ ((a + b)*v)",
            "vector v(n), w(n); scalar a; L = w'*log(v)/a | v | w ./ (a*v)",
            "scalar x, a; L = sqrt(x)/(2*a) | x | 1/(4*a*sqrt(x))",
            "vector v(n), w(n); scalar a; L = w'*v - sum(sqrt(v))/a | v | w - 1 ./ (2*a*sqrt(v))",
            "matrix V(m, n); scalar a; L = sum(log(V))*a/3 | V | a ./ (3*V)",
            // .* associates: one chain, not p .* ((1 - p) .* d) (trial s70b)
            "matrix X(m, n) constant; vector p(m) constant; vector a(m); M = X'*diag(a .* p .* (ones(m) - p))*X; L = logdet(M)"
                    + " | a | p .* (ones(m) - p) .* diag(X*inv(M)*X')",
            // a fixed size's centred matrix sums to 0 along its axis as a symbolic one does (trial s59u)
            "matrix X(3, 5); C = X - mean(X, 2)*ones(1, 5); L = sqnorm(C)/5 | X | 0.4*C",
            // det(A ⊗ B) = det(A)^m det(B)^n where the sizes are numbers; a 1×1 X scales A (trial s59u)
            "matrix X(2, 2); matrix A(2, 2) constant; L = det(kron(A, X)) | X | 2*det(A)^2*det(X)^2*inv(X)'",
            "matrix X(1, 1); matrix A(2, 2) constant; L = det(kron(A, X)) | X | 2*X*det(A)",
            "matrix X(2, 2); L = det(2*X) | X | 4*det(X)*inv(X)'",
            // det(I) = 1 and log det(I) = 0
            "matrix X(n, n); L = det(eye(n))*tr(X) + logdet(eye(n))*sum(X) | X | eye(n)",
            // the trace of an outer product is the inner product
            "vector x(n), y(n); matrix X(m, m); L = tr(kron(x*y', X)) | X | (y'*x)*eye(m)",
            "matrix S(n, n); L = tanh(sum(3*S)) | S | 3*(1 - tanh(3*sum(S))^2)*ones(n, n)",
            // the logistic function written out has σ′ = σ(1 − σ) for its slope, as sum(sigmoid(X)) has
            "matrix X(n, n); L = sum(exp(X) ./ (ones(n, n) + exp(X))) | X | sigmoid(X) .* (ones(n, n) - sigmoid(X))",
            "scalar a; f = exp(a)/(1 + exp(a)) | a | sigmoid(a)*(1 - sigmoid(a))",
            "matrix X(n, n); L = sum(ones(n, n) ./ (ones(n, n) + exp(-X))) | X | sigmoid(X) .* (ones(n, n) - sigmoid(X))",
            // a symmetric gradient's halves are one quotient, as sym(G) = (G + G')/2 is written
            "symmetric S(n); matrix A(n, n); L = logdet(S) - tr(A*S) | S | inv(S) - (A + A')/2",
            "symmetric S(n); matrix A(n, n); vector x(n); L = logdet(S) - tr(A*S) + x'*S*x | S | inv(S) - (A + A')/2 + x*x'",
            // a sum over its own count is a mean, and stays one
            "vector x(n); L = sqnorm(x - mean(x)*ones(n))/n | x | 2*(x - mean(x)*ones(n))/n",
            "matrix X(m, n); L = sqnorm(X - mean(X)*ones(m, n)) | X | 2*(X - mean(X)*ones(m, n))",
            // a square matrix's count n*n folds to n^2 and is still the mean's
            "matrix X(n, n); L = sqnorm(X - mean(X)*ones(n, n)) | X | 2*(X - mean(X)*ones(n, n))",
            "matrix X(m, n); L = sqnorm(X - mean(X, 2)*ones(1, n)) | X | 2*(X - mean(X, 2)*ones(n)')",
            "matrix X(m, n); L = sqnorm(X - ones(m)*mean(X, 1)) | X | 2*(X - ones(m)*mean(X, 1))",
            "vector x(n); L = mean(x)^2 + mean(exp(x)) | x | (2*mean(x)*ones(n) + exp(x))/n",
            // a size that is a sum of dimensions prints as the sum, bracketed as one
            "matrix X(p, q), K(r, s); L = mean(conv(X, K)) | X | convfull(ones(p - r + 1, q - s + 1), K)/((p - r + 1)*(q - s + 1))",
            "matrix X(p, q), K(r, s); L = mean(vec(conv(X, K))) | X | convfull(ones(p - r + 1, q - s + 1), K)/((p - r + 1)*(q - s + 1))",
            // conv's matrices written in the program: read back as the convolutions they stand for, checked at sizes
            // where both factors of their (p - r + 1)(q - s + 1) rows are positive
            "matrix X(p, q); matrix K(r, s) constant; L = sqnorm(convmatrix(K, p, q)*vec(X)) | X | 2*convfull(conv(X, K), K)",
            "matrix K(r, s); matrix X(p, q) constant; L = sqnorm(im2col(X, r, s)*vec(K)) | K | 2*conv(X, conv(X, K))",
            "vector x(p - k + 1); L = sqnorm(x - mean(x)*ones(p - k + 1)) | x | 2*(x - mean(x)*ones(p - k + 1))",
            "matrix X(p, q), K(r, s); Y = conv(X, K); L = sqnorm(Y - mean(Y, 2)*ones(1, q - s + 1)) | X"
                    + " | 2*convfull(Y - mean(Y, 2)*ones(q - s + 1)', K)",
            // a centred sum is 0: batch norm's columns, and a named X - mean(X)*ones
            "matrix X(p, q); vector g(q), c(q); M = ones(p)*mean(X, 1); V = mean((X - M).^2, 1);"
                    + " N = (X - M) ./ (ones(p)*sqrt(V + ones(1, q))); L = sum(N .* (ones(p)*g') + ones(p)*c') | X | zeros(p, q)",
            "matrix X(m, n); mu = mean(X); D = X - mu*ones(m, n); L = sqnorm(D)/(m*n) | X | 2*D/(m*n)",
            // the Kronecker product of a row and a column is their outer product; ones times ones counts
            "vector x(p), y(q); F = (x*ones(q)' + ones(p)*y')'*x - y | x | 2*ones(q)*x' + y*ones(p)'",
            "matrix X(p, q); vector g(q), c(q); M = ones(p)*mean(X, 1); V = mean((X - M).^2, 1);"
                    + " N = (X - M) ./ (ones(p)*sqrt(V + ones(1, q))); L = sum(N .* (ones(p)*g') + ones(p)*c') | c | p*ones(q)",
            // a softmax's columns sum to 1, through its name, and so do those of what backpropagates through it:
            // a bias added before a softmax along its columns (attention's key bias) has no gradient
            "matrix X(n, N), G(e, N) constant; matrix Wq(d, n), Wk(d, n), Wv(e, n); vector bq(d), bk(d), bv(e);"
                    + " Q = Wq*X + bq*ones(1, N); K = Wk*X + bk*ones(1, N); V = Wv*X + bv*ones(1, N); P = softmax(K'*Q/sqrt(d));"
                    + " L = sum(G .* (V*P)) | bk | zeros(d)",
            "matrix X(n, N), G(e, N) constant; matrix Wq(d, n), Wk(d, n), Wv(e, n); vector bq(d), bk(d), bv(e);"
                    + " Q = Wq*X + bq*ones(1, N); K = Wk*X + bk*ones(1, N); V = Wv*X + bv*ones(1, N); P = softmax(K'*Q/sqrt(d));"
                    + " L = sum(G .* (V*P)) | bv | sum(G, 2)",
            "matrix X(N, n), G(N, e) constant; matrix Wq(n, d), Wk(n, d), Wv(n, e); vector bq(d), bk(d), bv(e);"
                    + " Q = X*Wq + ones(N)*bq'; K = X*Wk + ones(N)*bk'; V = X*Wv + ones(N)*bv'; P = softmax(K*Q'/sqrt(d))';"
                    + " L = sum(G .* (P*V)) | bv | sum(G, 1)'",
            "matrix X(N, n), G(N, e) constant; matrix Wq(n, d), Wk(n, d), Wv(n, e); vector bq(d), bk(d), bv(e);"
                    + " Q = X*Wq + ones(N)*bq'; K = X*Wk + ones(N)*bk'; V = X*Wv + ones(N)*bv'; P = softmax(K*Q'/sqrt(d))';"
                    + " L = sum(G .* (P*V)) | bk | zeros(d)",
            "vector q(d), bk(d); matrix K(d, N), V(e, N); vector t(e) constant; p = softmax((K + bk*ones(1, N))'*q);"
                    + " L = t'*V*p | q | K*(p .* (V'*t) - (t'*V*p)*p)",
            // a number squared is the fraction's square, 0.04, not 0.2² in floating point (0.04000000000000001)
            "vector x(n); vector t(n) constant; L = t'*arccos(x/5) | x | -0.2*(t ./ sqrt(ones(n) - 0.04*x.^2))",
            "scalar a; f = abs(a)^3 | a | 3*a*abs(a)",
            "scalar a; f = -(a^2 - exp(a)) | a | exp(a) - 2*a",
            "vector x(n); f = sum(abs(x).^4) | x | 4*x.^3",
            // |a|⁻² = a⁻²: its slope is −2/a³, not −2 sign(a)/|a|³ (sign(u) ⊙ |u|.^p = u.^p for an odd p < 0)
            "scalar a; f = abs(a)^-2 | a | -2/a^3",
            // a quotient's number joins the denominator: b/(3*(x'*b)^(2/3)), not b/3/(x'*b)^(2/3) (SymPy's suite)
            "vector a(n), b(n), c(n), x(n); L = (c'*a*x'*b)^(1/3) | x | (c'*a)*b/(3*(c'*a*x'*b)^(2/3))",
            // slopes beside a factor every term shares keep their form: the factor goes outside before the rest is read
            "scalar a, b; L = a^2*b + sigmoid(a)*b | a | b*(2*a + sigmoid(a)*(1 - sigmoid(a)))",
            "vector x(n); scalar a; L = sum(x)*(relu(a)^2 + sigmoid(a)) | a | (2*relu(a) + sigmoid(a)*(1 - sigmoid(a)))*sum(x)",
            // …where that reads better than the rational reading: a tie keeps the fully factored form (review)
            "scalar a, b; L = tanh(a)^2*b + tanh(a)*b | a | b*(1 - tanh(a)^2)*(2*tanh(a) + 1)",
            "scalar a, b; L = relu(a)*sigmoid(b) + relu(a)^2*sigmoid(b) + a | b | relu(a)*sigmoid(b)*(relu(a) + 1)*(1 - sigmoid(b))",
            // (without the + a, L is that factored value, and its gradient reads it: L*(1 - sigmoid(b)))
            "scalar a, b; L = relu(a)*sigmoid(b) + relu(a)^2*sigmoid(b) | b | L*(1 - sigmoid(b))",
            "vector x(n); f = sum(abs(x).^-2) | x | -2 ./ x.^3",
            // quotients whose two sides share a power of one factor
            "scalar a, b; f = a/(a + b)^2 | b | -2*a/(a + b)^3",
            "scalar a, b; f = (1 + a)^2/((1 + a)*(2 + b))^2 | b | -2/(2 + b)^3",
            "scalar a; f = a^3/(a^2 + a) | a | a*(a + 2)/(a + 1)^2",
            "vector x(n); f = norm(x)/(1 + norm(x)) | x | x/(norm(x)*(1 + norm(x))^2)",
            "scalar a, b; vector x(n); F = a*x/(a + b)^2 | b | -2*a*x/(a + b)^3",
            "scalar a; f = 1/a + 1/a^2 | a | -(a + 2)/a^3",
            "scalar a; f = sigmoid(a)/(1 - sigmoid(a)) | a | sigmoid(a)/(1 - sigmoid(a))",
            "scalar a; f = a/(1 - a) | a | 1/(1 - a)^2",
            "scalar a, b; f = a*b/(a + b) | a | b^2/(a + b)^2",
            "vector x(n); f = (x'*x)^2/(1 + x'*x) | x | 2*(x'*x + 2)*x'*x*x/(1 + x'*x)^2",
            // t-SNE's normaliser Z, a total printed three times, named as the paper names it (trial s81b)
            "matrix Y(n, k); symmetric P(n) constant; assume sum(P) = 1; sq = sum(Y .^ 2, 2); D = sq*ones(n)' + ones(n)*sq' - 2*Y*Y';"
                    + " W = ones(n, n) ./ (ones(n, n) + D); Mk = ones(n, n) - eye(n); L = -sum(P .* log(W)) + log(sum(Mk .* W)) | Y"
                    + " | 4*(W .* (W .* Mk - t1*P) + diag(sum(W .* (t1*P - Mk .* W), 2)))*Y/t1 where t1 = sum(Mk .* W)",
            // ICA with the log-cosh density written y + softplus(−2y): its score 1 − 2σ(−2y) is tanh(y), as the textbooks print
            // it (Hyvärinen, Karhunen & Oja 9.1; trial s81b: ones(n, N) - 2*sigmoid(-2*Y))
            "matrix W(n, n); matrix X(n, N) constant; Y = W*X; L = sum(Y + softplus(-2*Y)) - N*logdet(W) | W | tanh(Y)*X' - N*inv(W)'",
            // a result's entry-wise sum with the factors both terms hold outside, wherever they stand: SwiGLU's gate (Shazeer
            // 2020; trial s81b: σ ⊙ (1 − σ) ⊙ u ⊙ (V*x) ⊙ (W2'*c) + σ ⊙ (V*x) ⊙ (W2'*c))
            "matrix W1(k, d), V(k, d), W2(o, k); vector x(d), c(o) constant; u = W1*x; L = c'*(W2*((u .* sigmoid(u)) .* (V*x))) | W1"
                    + " | (sigmoid(u) .* (V*x) .* (W2'*c) .* (ones(k) + (ones(k) - sigmoid(u)) .* u))*x'",
            // the objective's name where its gradient prints the value as a result writes it, a quotient inside an exp: the ARD
            // kernel's k*((x - z).^2 ./ ell.^3) (R&W 5.2; trial s81b: exp(-sum((x - z).^2 ./ ell.^2)/2)*(…) in full)
            "vector ell(d); vector x(d), z(d) constant; k = exp(-sum(((x - z) ./ ell).^2)/2) | ell | k*((x - z).^2 ./ ell.^3)",
            // a total the fact gives splits a sum whose other terms stay summed: Poly-1's sum(eps*(p .* y) + y) is eps*p'*y + 1
            // (trial s81b: the gradient printed the same with the assumption as without it)
            "vector z(k); vector y(k) constant; scalar eps constant; assume sum(y) = 1; p = softmax(z); L = -y'*log(p) + eps*(1 - y'*p)"
                    + " | z | (eps*p'*y + 1)*p - y - eps*(p .* y)",
            // a power of a product meets the product's factors beside it: the Weibull cumulative hazard (t/λ)^k's slope (trial
            // s81b: k*(exp(x) .* t .* (t .* exp(x)).^(k - 1)))
            "vector x(n); vector t(n) constant; scalar k constant; L = sum((t .* exp(x)).^k) | x | k*(t .* exp(x)).^k",
            // a square beside its root: xᵀx with ‖x‖, u with √u
            "vector x(n); f = x'*x/norm(x) | x | x/norm(x)",
            // and the square of a product's norm, xᵀAᵀAx beside ‖Ax‖ (was (2*norm(A*x) - f)*A'*A*x/norm(A*x)^2, and a term
            // (norm(A*x)^2 - x'*A'*A*x)*… that is zero beside the next row's gradient)
            "matrix A(m, n); vector x(n); f = x'*A'*A*x/norm(A*x) | x | A'*A*x/norm(A*x)",
            "matrix A(m, n); vector x(n); vector t(m) constant; f = (A*x)'*(A*x/norm(A*x) - t) | x | A'*(A*x/norm(A*x) - t)",
            // and mirrored, x'*A*A'*x beside norm(A'*x) (review s81r: the row half x'*A was read, which no norm holds)
            "matrix A(n, m); vector x(n); vector t(m) constant; f = (A'*x)'*(A'*x/norm(A'*x) - t) | x | A*(A'*x/norm(A'*x) - t)",
            // a named product inside a chain, and its transpose, by its name (trial s76c: ridge's y*(w' + y'*X*inv(A))
            // - 2*X*inv(A)*X'*y*y'*X*inv(A), a GP's inv(K)*y*y'*inv(K))
            "matrix X(m, n); vector y(m) constant; scalar lam constant; A = X'*X + lam*eye(n); w = inv(A)*X'*y; f = y'*X*w"
                    + " | X | 2*(y - X*w)*w'",
            "matrix X(n, d); vector y(n) constant; scalar s constant; K = X*X' + s*eye(n); a = inv(K)*y;"
                    + " f = 0.5*y'*a + 0.5*logdet(K) | X | (inv(K) - a*a')*X",
            "matrix C(n, n); vector x(n) constant; W = inv(C); z = W*x; f = z'*z | C | -2*W'*z*z'",
            // a name of a name read through together (trial s76c: (inv(D)*C + A^2*inv(D) + A*inv(D)*A)'); a name beside
            // itself at another coefficient collected (2*C + C)
            "matrix A(n, n); C = A*A; D = C*A; f = logdet(D) | A | 3*inv(A)'",
            // names ten deep, each a product of the one before and the symbol: read through to the end (review s77r: powers
            // named halfway, C1*inv(C10)*C7 beside A^3*inv(C10)*C6)
            "matrix A(n, n); C1 = A*A; C2 = C1*A; C3 = C2*A; C4 = C3*A; C5 = C4*A; C6 = C5*A; C7 = C6*A; C8 = C7*A; C9 = C8*A;"
                    + " C10 = C9*A; f = logdet(C10) + tr(C3) | A | (11*inv(A) + 4*A^3)'",
            // a name's definition as written first: D⁻¹ cancels beside C, read without opening C (review s77r)
            "matrix X(n, n), A(n, n); C = X*A; D = C*X; f = logdet(D) + tr(D) | A | X'*(inv(C) + X)'",
            "matrix A(n, n); C = A^2; f = tr(C*A) | A | 3*C'",
            // one sum written in two orders is one factor (trial s77a, MatrixCalculus.org's example: B'*(A*(a + B*x) +
            // A'*(a + B*x)))
            "vector x(n), a(n); matrix A(n, n), B(n, n); f = (a + B*x)'*A*(B*x + a) | x | B'*(A + A')*(a + B*x)",
            // and beside its plain square, B' joins B'*(eye(m) + A + A') (review s77r: (B'*(eye(m) + A + A') + B')*(…))
            "vector x(n), a(m); matrix A(m, m), B(m, n); f = (a + B*x)'*A*(B*x + a) + (B*x + a)'*(a + B*x) | x"
                    + " | B'*(2*eye(m) + A + A')*(a + B*x)",
            // the Bernoulli likelihood written as powers, p.^y .* (1 - p).^(1 - y), is the logistic loss (powers of one base
            // with symbolic exponents meet across a quotient of ⊙ products)
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); p = sigmoid(X*w);"
                    + " L = -sum(log(p.^y .* (ones(m) - p).^(ones(m) - y))) | w | X'*(p - y)",
            // a long objective value that gradients print is written by the objective's name, not a where-block's t1
            "vector a(n), p(n), q(n); scalar mg constant; L = relu(norm(a - p) - norm(a - q) + mg) | a,p,q"
                    + " | sign(L)*(a - q)/norm(a - q)",
            // a sum multiplied into a power it cancels against: not ((X^-2)' + eye(n))*X' + X'*((X^-2)' + eye(n)) (trial s76c)
            "matrix X(n, n); f = logdet(X^2) + tr(X^2) | X | 2*(inv(X) + X)'",
            // the symbols in the order the objective writes them, whatever the transposes: the Cookbook's (82) (trial s76a)
            "matrix X(m, n), D(m, m); vector b(n), c(n); f = b'*X'*D*X*c | X | D'*X*b*c' + D*X*c*b'",
            "scalar a; f = sqrt(a)/a | a | -1/(2*sqrt(a)^3)",
            "matrix X(n, n); f = sum(X.^0.5 ./ (X + X)) | X | -1 ./ (4*sqrt(X).^3)",
            "scalar a, b; f = a/sqrt(a^2 + b^2) | a | b^2/sqrt(a^2 + b^2)^3",
            // a norm is homogeneous: ‖ax‖ = |a|‖x‖
            "scalar a; vector x(n) constant; f = norm(a*x) | a | sign(a)*norm(x)",
            "scalar a constant; vector x(n); f = norm(a*x) | x | abs(a)*x/norm(x)",
            "vector x(n); f = norm(2*x) | x | 2*x/norm(x)",
            "scalar a; matrix X(m, n) constant; f = norm(a*X) | a | sign(a)*norm(X)",
            // odd and even functions, and σ(−x) = 1 − σ(x) where σ(x) is there too
            "vector x(n); f = sum(tanh(x) + tanh(-x)) | x | zeros(n)",
            "vector x(n); f = sum(cos(-x)) | x | -sin(x)",
            "vector x(n); f = sum(abs(-2*x)) | x | 2*sign(x)",
            "vector x(n); f = sum(log(abs(x))) | x | 1 ./ x",
            "vector x(n); vector t(n) constant; scalar eps constant; xc = x - mean(x)*ones(n); s = sqrt(sqnorm(xc)/n + eps); L = t'*xc/s"
                    + " | x | (t - mean(t)*ones(n))/s - L*xc/(n*s^2)",
            "vector x(n); f = sum(abs(x).^3) | x | 3*(x .* abs(x))",
            "vector x(n); f = sum(sigmoid(x) + sigmoid(-x)) | x | zeros(n)",
            "vector x(n); f = sum(softplus(x) - softplus(-x)) | x | ones(n)",
            "scalar a; f = sigmoid(a)*sigmoid(-a) | a | sigmoid(a)*sigmoid(-a)*(1 - 2*sigmoid(a))",
            // the Cookbook's √((x − a)ᵀ(x − a)) is the norm it is (Cookbook trial)
            "vector x(n); vector a(n) constant; f = sqrt((x - a)'*(x - a)) | x | (x - a)/norm(x - a)",
            // a scalar form beside another scalar's differential stays the form: not sum(X .* (a*b'))*eye(n) (Cookbook trial)
            "matrix X(n, n); vector a(n), b(n) constant; f = tr(X)*(a'*X*b) | X | tr(X)*a*b' + (a'*X*b)*eye(n)",
            "matrix X(n, n); vector a(n), b(n) constant; f = (a'*X*b)*(a'*X*b) | X | 2*(a'*X*b)*a*b'",
            // its quotient coefficient is the whole term's, as a number's: not 0.6666666666666666*(a'*X*b)*a*b' (review s61r)
            "matrix X(n, n); vector a(n), b(n) constant; f = (a'*X*b)^2/3 | X | 2*(a'*X*b)*a*b'/3",
            "matrix X(3, 4); vector y(3) constant; f = (sum(X)/3)*mean(X, 2)'*y | X | (mean(X, 2)'*y)*ones(3, 4)/3 + sum(X)/12*y*ones(4)'",
            // a hidden layer's value printed four times is named, as a textbook names h = σ(Wx); its sums are not
            "matrix W(k, n); vector x(n) constant; L = sqnorm(x - W'*sigmoid(W*x)) | W"
                    + " | -2*(t1*(x - W'*t1)' + (t1 .* (ones(k) - t1) .* (W*(x - W'*t1)))*x') where t1 = sigmoid(W*x)",
            // a power of an atom past the sixth still cancels: -norm(x)^7*x/norm(x)^10 overflowed at norm(x) = 5e40
            "vector x(n); f = x'*x/norm(x)^3 | x | -x/norm(x)^3",
            // logsumexp of each column written out: each column of exp(X) over its sum is softmax(X)
            "matrix X(n, m); f = sum(log(sum(exp(X), 1))) | X | softmax(X)",
            // weighted by a row: each column's softmax times its weight, not exp(X) over the sums
            "matrix X(n, m); vector r(m) constant; f = log(sum(exp(X), 1))*r | X | softmax(X) .* (ones(n)*r')",
            // powers of one base that are not whole cancel: not 1.5*norm(x)^0.5*x/norm(x)
            "vector x(n); f = norm(x)^1.5 | x | 1.5*x/sqrt(norm(x))",
            // the mean logistic loss: the canceller's (y .* e) ./ (e + 1) is y .* σ, finite at margins of 1000
            "matrix X(N, n) constant; vector w(n); vector y(N) constant; L = sum(log(ones(N) + exp(-y .* (X*w))))/N | w"
                    + " | -X'*(y .* sigmoid(-y .* (X*w)))/N",
            "vector x(n); f = norm(x)^0.5 + norm(x)^2 | x | (1/(2*sqrt(norm(x))^3) + 2)*x",
            // the terms in the order the objective writes them, the loss through a named p before the regulariser after it
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); scalar lam constant; p = sigmoid(X*w);"
                    + " L = -(y'*log(p) + (ones(m) - y)'*log(ones(m) - p)) + lam/2*w'*w | w | X'*(p - y) + lam*w",
            "vector mu(n), lv(n); vector ep(n), x(n) constant; z = mu + exp(lv/2) .* ep;"
                    + " L = sqnorm(x - z)/2 + sum(exp(lv) + mu.^2 - ones(n) - lv)/2 | mu | z - x + mu",
            // an assumed total reaches a sum written inline, sizes as numbers too: sum(y − 1/3) = 1 − 1 (trial s68a)
            "vector x(3), y(3); assume sum(y) = 1; f = -(y - ones(3)/3)'*log(softmax(x)) | x | ones(3)/3 - y",
            "vector x(3), y(3); assume sum(y) = 1; f = -(0.9*y + 0.1*ones(3)/3)'*log(softmax(x)) | x | softmax(x) - 0.9*y - ones(3)/30",
            // vec(X) holds X's entries: sum(vec(X)) is sum(X)
            "matrix X(4, 3); f = sum(vec(X)*vec(X)') | X | 2*sum(X)*ones(4, 3)"})
    void theGradientReadsAsTheTextbooksAndChecks(String program, String wrt, String gradient, @TempDir Path dir) throws IOException {
        assertThat(whereInline(derivedAndChecked(dir, program, "--wrt", wrt))).endsWith("= " + gradient);
    }

    /**
     * The one derivation --json gives (no stages) reads as the staged text does: cancelling a sum whole left the product
     * it holds uncancelled, sᵀ((y ⊘ s²) ⊙ (y ⊘ r))s for KL through a named ratio.
     */
    @Test
    void jsonGivesTheStagedTextsForm(@TempDir Path dir) throws IOException {
        String file = Files.writeString(dir.resolve("kl.mdiff"), "vector y(n) constant\nvector z(n)\nr = y ./ softmax(z)\nL = sum(y .* log(r))\n").toString();
        Cli json = Cli.run("derive", file, "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("gradients").get("z").getAsString())
                .isEqualTo("sum(y)*softmax(z) - y");
    }

    /** The program (statements separated by "; ") derived with these arguments, after check passed on it with them. */
    private static String derivedAndChecked(Path dir, String program, String... args) throws IOException {
        String file = Files.writeString(dir.resolve("objective.mdiff"), program.replace("; ", "\n") + "\n").toString();
        Cli derive = Cli.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("derive", file, "--no-steps"), java.util.Arrays.stream(args))
                .toArray(String[]::new));
        assertThat(derive.exit()).as(derive.err()).isZero();
        Cli check = Cli.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("check", file), java.util.Arrays.stream(args))
                .toArray(String[]::new));
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("passed");
        return derive.out();
    }

    /**
     * Hessians likewise, checked with --hessian: a softmax's Jacobian, shared by every term, is written once; σ'' and
     * tanh'' beside another factor are factored as alone (σ(1 − σ)(1 − 2σ), (1 − t²)(1 − 3t²)), not expanded, and
     * so are the 1 − T² and 1 − t² a tanh of a tanh has in every term.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "matrix A(m, n); vector x(n); vector y(m) constant; L = y'*sigmoid(A*x) | x"
                    + " | A'*diag(y .* t1 .* (ones(m) - t1) .* (ones(m) - 2*t1))*A where t1 = sigmoid(A*x)",
            // a function's value one result prints three times is named, as the textbook's p = softmax(Wx + b) (trial s71a)
            "matrix W(k, d) constant; vector x(d) constant; vector y(k) constant; vector b(k); assume sum(y) = 1; L = -y'*log(softmax(W*x + b)) | b"
                    + " | diag(t1) - t1*t1' where t1 = softmax(W*x + b)",
            "matrix A(m, n) constant; vector b(m) constant; vector x(n); L = logsumexp(A*x + b) | x | A'*(diag(t1) - t1*t1')*A where t1 = softmax(A*x + b)",
            "vector x(n); L = sum(tanh(x).^2) | x | 2*diag((ones(n) - tanh(x).^2) .* (ones(n) - 3*tanh(x).^2))",
            // xᵀAx written with diag(x): its diagonal of outer products term by term (SymPy's test suite; it printed
            // kron(ones(1, n), eye(n))*diag(vec(eye(n)))*(kron(A, ones(n)) + kron(ones(n), A')))
            "vector x(n); matrix A(n, n) constant; L = sum(diag(x)*A*diag(x)) | x | A + A'",
            "matrix W(h, d); matrix X(d, N), T(h, N) constant; L = sqnorm(relu(W*X) - T)/2 | W"
                    + " | kron(X, eye(h))*diag(vec(sign(relu(W*X))))*kron(X', eye(h))",
            // a name for a relu is never negative: |Y| is Y, sign(Y).^2 is sign(Y) (trial s74c, tensorgrad's relu Hessian)
            "matrix X(p, m) constant; matrix W(m, n); vector b(n) constant; Y = relu(X*W + ones(p)*b'); L = sum(Y .* Y) | W"
                    + " | 2*kron(eye(n), X')*diag(vec(sign(Y)))*kron(eye(n), X)",
            "matrix A(m, n); matrix B(p, q), C(m*p, n*q) constant; L = sqnorm(kron(A, B) - C) | A | 2*sqnorm(B)*eye(m*n)",
            // a Hessian differentiates the gradient as derived (diag(W*H')), then is written with the row sums too
            "matrix H(d, N), W(d, N) constant; vector g(d); L = tr(W'*diag(g)*diag(g)*H) | g | 2*diag(sum(W .* H, 2))",
            "vector z(n); vector y(n) constant; p = exp(z)/sum(exp(z)); L = -y'*log(p) | z | sum(y)*(diag(p) - p*p')",
            // z and the variable that stands in for it in its stage are one atom: not 2*(z .* z.^2) - 2*(z .* z) - z.^2 + z
            "vector x(n); vector y(n) constant; z = sigmoid(x); L = y'*z | x | diag(y .* z .* (ones(n) - z) .* (ones(n) - 2*z))",
            // σ' = z(1 − z) taken out of every term, among other atoms
            "vector x(n); z = sigmoid(x); L = sum(z .* x) | x | diag(z .* (ones(n) - z) .* (x - 2*(x .* z) + 2*ones(n)))",
            "vector x(n); L = sum(tanh(tanh(x))) | x"
                    + " | -2*diag((ones(n) - tanh(x).^2) .* (ones(n) - tanh(tanh(x)).^2) .* (tanh(tanh(x)) - tanh(tanh(x)) .* tanh(x).^2 + tanh(x)))",
            "scalar b; vector y(n) constant; L = sum(y)*sigmoid(b) | b | sum(y)*sigmoid(b)*(1 - sigmoid(b))*(1 - 2*sigmoid(b))",
            // a batch's σ'' through vec: vec(A) .* vec(B) is vec(A .* B), so it is factored inside as for a vector
            "matrix W(h, d); matrix X(d, N) constant; L = sum(sigmoid(W*X)) | W"
                    + " | kron(X, eye(h))*diag(vec(t1 .* (ones(h, N) - t1) .* (ones(h, N) - 2*t1)))*kron(X', eye(h)) where t1 = sigmoid(W*X)",
            "vector x(n); vector t(n) constant; L = softmax(x)'*t | x"
                    + " | (diag(t) - softmax(x)*t' - (softmax(x)'*t)*eye(n))*(diag(softmax(x)) - softmax(x)*softmax(x)')",
            // a softmax's Jacobian sums by columns to 0 (sum-terms), so the entropy's Hessian has no term 1ᵀ(diag(p) − ppᵀ)
            "vector z(n); p = softmax(z); L = -p'*log(p) | z | (p*log(p)' + (p'*log(p) - 1)*eye(n) - diag(log(p)))*(diag(p) - p*p')",
            // (x − μ)² stays whole where x and μ appear nowhere else (not 3*μ.^2 - 6*(x .* μ) + 3*x.^2), as one over v³, not 2*(((x - μ).^2 ./ v.^4) .* v) - 1 ./ v.^2
            "vector x(n), mu(n) constant; vector s(n); L = sum(log(s.^2)) + sum((x - mu).^2 ./ s.^2) | s"
                    + " | 2*diag((3*(x - mu).^2 - s.^2) ./ s.^4)",
            "vector x(n), mu(n) constant; vector v(n); L = 0.5*sum(log(v)) + 0.5*sum((x - mu).^2 ./ v) | v"
                    + " | diag((2*(x - mu).^2 - v) ./ v.^3)/2",
            // the diagonal terms as one (diagonal-terms), whose entries cancel over √u² = u for a u with a divisor: 1/s − r²/(δ²s³) is 1/s³
            "vector x(n); vector y(n) constant; scalar d constant; L = d^2*sum(sqrt(ones(n) + (x - y).^2/d^2) - ones(n)) | x"
                    + " | diag(1 ./ sqrt(ones(n) + (x - y).^2/d^2).^3)",
            "matrix X(m, n) constant; vector y(m) constant; scalar d constant; vector w(n); r = X*w - y; L = d^2*sum(sqrt(ones(m) + (r/d).^2) - ones(m))"
                    + " | w | X'*diag(1 ./ sqrt(ones(m) + (r/d).^2).^3)*X",
            // vec(I)ᵀ(X ⊗ I) is vec(X)ᵀ through a sum (kron-vec-terms), and vec(Xᵀ)ᵀK is vec(X)ᵀ (commutation-vec)
            "matrix X(m, n); L = tr(X*X')^2 | X | 4*(2*vec(X)*vec(X)' + sqnorm(X)*eye(m*n))",
            // a function of diag(X): the selection S(1 ⊗ diag(d))S of the diagonal's entries is diag(vec(diag(d)))
            "matrix X(n, n); L = sum(diag(X).^3) | X | 6*diag(vec(diag(diag(X))))",
            "matrix X(n, n); L = sqnorm(diag(X)) | X | 2*diag(vec(eye(n)))",
            // as the scalar's −1/(4√a³): it read -0.25*diag(1 ./ (sqrt(x) .* x))
            "vector x(n); L = sum(sqrt(x)) | x | -diag(1 ./ sqrt(x).^3)/4",
            // a function of aᵀXb: f''·vec(abᵀ)vec(abᵀ)ᵀ, the outer product (it read 2*kron(b', vec(a*b')*a'))
            "vector a(m), b(n); matrix X(m, n); L = (a'*X*b)^2 | X | 2*vec(a*b')*vec(a*b')'",
            "vector a(m), b(n); matrix X(m, n); L = sin(a'*X*b) | X | -sin(a'*X*b)*vec(a*b')*vec(a*b')'",
            // symmetric: the diagonal selection commutes with K, so (I + K) is a factor 2
            "symmetric S(n); L = sum(diag(S).^3) | S | 6*diag(vec(diag(diag(S))))",
            // a symmetric variable's vec(B)ᵀ(I + K)/2 is vec(B + Bᵀ)ᵀ/2
            "symmetric S(n); matrix A(n, n) constant; L = tr(S*A)^2 | S | vec(A + A')*vec(A + A')'/2",
            // (xᵀ ⊗ I)vec(M) is Mx in each term of a sum; written with L, as the gradient is (trial s71a)
            "vector x(n); matrix A(n, n), B(n, n) constant; L = (x'*A*x)/(x'*B*x) | x | (A + A')/(x'*B*x) + ((B + B')*(L*(2*x*x'*(B + B')"
                    + " - (x'*B*x)*eye(n)) - x*x'*(A + A')) - (A + A')*x*x'*(B + B'))/(x'*B*x)^2",
            // the Rayleigh quotient's: xxᵀA beside Axxᵀ, as the textbook writes them (it read 2x(2r·xᵀ − xᵀA) − 2Axxᵀ)
            "symmetric A(n, n); vector x(n); r = x'*A*x/(x'*x) | x | 2*((x'*x)*(A - r*eye(n)) + 4*r*x*x' - 2*x*x'*A - 2*A*x*x')/(x'*x)^2",
            // no double minus: −n·det(aA)·(1 − n) is n·det(aA)·(n − 1)
            "scalar a; matrix A(n, n) constant; L = det(a*A) | a | n*det(a*A)*(n - 1)/a^2",
            // the tanh slope 1 − h² kept as written, in the Hessian as in the gradient
            "matrix W(k, n); vector x(n); vector t(k) constant; h = tanh(W*x); L = t'*h | x | -2*W'*diag(t .* h .* (ones(k) - h.^2))*W",
            // −(a − b) reads b − a
            "vector x(n); vector t(n) constant; L = t'*x/norm(x) | x | 3*L*x*x'/norm(x)^4 - (t*x' + x*t' + L*norm(x)*eye(n))/norm(x)^3",
            // two activations' curvatures, each as it reads alone (they were expanded together into one polynomial)
            "vector x(n); L = sum(sigmoid(x)) + sum(tanh(x)) | x"
                    + " | diag(sigmoid(x) .* (ones(n) - sigmoid(x)) .* (ones(n) - 2*sigmoid(x)) - 2*(tanh(x) .* (ones(n) - tanh(x).^2)))",
            // sin² + cos² = 1 over one denominator: −(1 + cos²/sin²) is −1/sin², and I + diag(sin²/cos²) is diag(1/cos²)
            "scalar x; L = log(sin(x)) | x | -1/sin(x)^2",
            "scalar x; L = tan(x)/(1 + tan(x)^2) | x | -4*sin(x)*cos(x)",
            "scalar x; L = (1 + x^2)^(3/2) | x | 3*(2*x^2 + 1)/sqrt(1 + x^2)",
            "scalar x; L = (x^2 + 1)^5 | x | 10*(9*x^2 + 1)*(x^2 + 1)^3",
            // a quotient's numbers as whole numbers: 3/(4*…), not 1.5/(2*…)
            "scalar x; L = x^0.5 | x | -1/(4*sqrt(x)^3)",
            "scalar x; L = exp(x^2) | x | 2*(2*x^2 + 1)*exp(x^2)",
            // e^x/e^(2x) is 1/e^x, which meets sqrt(e^x) as a quotient does; a power of a power is one power
            "scalar x; L = exp(x)^0.5/exp(x) | x | 1/(4*sqrt(exp(x)))",
            "vector x(n); L = sum((ones(n) + x.^2).^-0.5) | x | -diag((ones(n) - 2*x.^2) ./ (ones(n) + x.^2).^2.5)",
            // u^(k/2) meets √u as its power: (2x² − 1)/(1 + x²)^2.5, not 3x²√(1 + x²)/(1 + x²)³ − 1/(1 + x²)^1.5
            "scalar x; L = (1 + x^2)^-0.5 | x | (2*x^2 - 1)/(1 + x^2)^2.5",
            // a divisor keeps its whole coefficients: (4*a^2 + x^2)^3, not (a^2 + 0.25*x^2)^3 over decimals
            "scalar x, a; L = 1/(4*a^2 + x^2) | x | 2*(3*x^2 - 4*a^2)/(4*a^2 + x^2)^3",
            "scalar x, a; L = (4*a^2 + x^2)^-0.5 | a | 4*(8*a^2 - x^2)/(4*a^2 + x^2)^2.5",
            "scalar a, x; L = (x^2 + a^2)^-1.5 | x | 3*(4*x^2 - a^2)/(x^2 + a^2)^3.5",
            // terms alike up to the order of what commutes: cos(a*b)*b and b*cos(a*b); (cos(x) + 1)(1 + cos(x)) a square
            "scalar a, b; L = sin(a*b)/(a + b^2) | a | 2*(L - b*cos(a*b))/(a + b^2)^2 - L*b^2",
            "scalar x; L = (x + sin(x))^2 | x | 2*((cos(x) + 1)^2 - (x + sin(x))*sin(x))",
            "vector x(n); L = sum(exp(-x.^2)) | x | -2*diag((ones(n) - 2*x.^2) .* exp(-x.^2))",
            "scalar x; L = tan(x) | x | 2*sin(x)/cos(x)^3",
            "vector x(n); L = sum(log(cos(x))) | x | -diag(1 ./ cos(x).^2)",
            "matrix X(m, n); vector a(m), b(n); L = a'*log(sin(X))*b | X | -diag(vec((a*b') ./ sin(X).^2))",
            "matrix X(m, n); L = sum(log(cos(X))) | X | -diag(vec(1 ./ cos(X).^2))",
            // a difference beside its opposite is one outer product, negated: ∇²_b is ∇²_a (was (b - a)*(a - b)')
            "vector a(n), b(n); L = norm(a - b) | b | eye(n)/norm(a - b) - (b - a)*(b - a)'/norm(a - b)^3",
            // A-optimal design (Boyd and Vandenberghe 7.5): Eᵀ(A ⊗ B)E, E mapping w to vec(diag(w)), is A ⊙ B (textbook trial)
            "matrix X(m, n) constant; vector w(m); M = X'*diag(w)*X; L = tr(inv(M)) | w | 2*((X*M^-2*X') .* (X*inv(M)*X'))",
            // a heteroscedastic Gaussian's variance model (Nix and Weigend): X − diag(u)X is diag(1 − u)X where 1 − u cancels
            "matrix X(m, n) constant; vector y(m) constant; vector w(n), v(n); mu = X*w; s2 = exp(X*v);"
                    + " L = sum(0.5*log(s2) + 0.5*(y - mu).^2 ./ s2) | v | X'*diag((y - mu).^2 ./ s2)*X/2",
            // a named inverse's powers by its name: t1^2, not (A + B*S*B')^-2 beside t1 (Cookbook trial); the gradient's
            // symmetric part of t1 - t1^2 reads B'*(t2 + t2')*B/2, its sum named (a sum another extends, printed twice)
            "matrix A(n, n), B(n, k); symmetric S(k); L = logdet(A + B*S*B') + tr(inv(A + B*S*B')) | S | (1/4)*kron(B', B')"
                    + "*(eye(n*n) + commutation(n, n))*(kron((t1^2 - t1)'*B, t1*B) + kron(t1'*B, t1^2*B))*(eye(k*k) + commutation(k, k))"
                    + " where t1 = inv(A + B*S*B'); t2 = t1 - t1^2",
            // under the trace the second derivative's two rotations of one product are one term, twice (second review)
            "matrix A(n, n) constant; scalar s; L = tr(inv(s*A + eye(n))) | s | 2*tr(inv(s*A + eye(n))*A*(s*A + eye(n))^-2*A)",
            // PRML 3.86's N/2 log β: the number in a squared divisor cancels (was -2*N/(2*beta)^2)
            "scalar beta; scalar N constant; L = N/2*log(beta) | beta | -N/(2*beta^2)",
            // log-cosh regression: sinh ./ cosh is tanh, so its Hessian is tanh's
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); L = sum(log(cosh(X*w - y))) | w"
                    + " | X'*diag(ones(m) - tanh(X*w - y).^2)*X",
            "vector q(d); matrix K(d, N), V(e, N) constant; vector t(e) constant; L = t'*V*softmax(K'*q) | q"
                    + " | K*(diag(V'*t) - u1*t'*V - L*eye(N))*(diag(u1) - u1*u1')*K' where u1 = softmax(K'*q)",
            // a Hessian differentiates the gradient with its names read through, as det(X)'s and logdet(X)'s (a reading of the
            // Hessian itself would leave inv(B'*X') behind: trial s76c)
            "matrix A(n, n), X(n, n), B(n, n); M = A*X*B; f = det(M) | X"
                    + " | det(M)*commutation(n, n)*(vec(inv(X))*vec(inv(X)')' - kron(inv(X)', inv(X)))",
            "matrix X(n, n); Y = X^3; f = logdet(Y) | X | -3*kron(inv(X), inv(X)')*commutation(n, n)",
            "matrix X(n, n); Y = X^2; f = logdet(Y) + tr(Y) | X | 2*commutation(n, n)*(eye(n*n) - kron(inv(X)', inv(X)))",
            "matrix X(n, n); Y = X^-2; f = logdet(Y) | X | 2*kron(inv(X), inv(X)')*commutation(n, n)",
            // a factor analysis's Hessian in its diagonal noise, entry-wise products of inverses as the textbook has them (trial
            // s80b: selectors around kron(inv(C), inv(C)) and diag(vec(…)))
            "matrix W(D, q) constant; symmetric S(D) constant; scalar N constant; vector psi(D); C = W*W' + diag(psi);"
                    + " L = -N/2*(logdet(C) + tr(inv(C)*S)) | psi | N*(inv(C) .* (inv(C)*(eye(D) - 2*S*inv(C))))/2",
            // the result rules once more after the simplifier wrote the sum again: t^g comes out of the canceller's polynomial
            // in t^(g + k) as (1 - t)^g came out before it (review s80r: g*(4*g*t^(g + 2) - 4*g*t^(g + 1) + g*t^g - …))
            "vector x(n); vector a(n) constant; scalar g constant; t = sigmoid(a'*x); L = t^g*(1 - t)^g | x"
                    + " | g*t^g*(4*g*t^2 - 4*g*t + g - 2*t + 2*t^2)*(1 - t)^g*a*a'",
            // σ'' of a doubled argument keeps its (1 - 2σ), not -tanh(x) (review s81r: sigmoid-tanh fired on it)
            "scalar x; L = sigmoid(2*x) | x | 4*t1*(1 - t1)*(1 - 2*t1) where t1 = sigmoid(2*x)",
            // PPCA's noise variance (Tipping & Bishop): under the trace C⁻¹SC⁻² and C⁻²SC⁻¹ are one C⁻³S (trial s80b: the
            // factored tr(inv(C)*(inv(C) - (S*inv(C) + inv(C)*S)*inv(C))))
            "matrix W(D, q) constant; symmetric S(D) constant; scalar N constant; scalar s2; C = W*W' + s2*eye(D);"
                    + " L = -N/2*(logdet(C) + tr(inv(C)*S)) | s2 | N*tr(C^-2 - 2*C^-3*S)/2",
            // the Cookbook's arrangement, symmetric as written: the product before K passes it swapped and meets the sum
            // (trial s79b: kron(inv(X), inv(X)')*commutation(n, n)*(kron(eye(n), A*inv(X)) + kron(A'*inv(X)', eye(n))))
            "matrix X(n, n), A(n, n); L = tr(inv(X)*A) | X"
                    + " | commutation(n, n)*(kron(inv(X)', inv(X)*A*inv(X)) + kron(inv(X)'*A'*inv(X)', inv(X)))",
            // a Hessian writes the program's names where it spells them out, as the gradient does (review s77r: a*y'*inv(K))
            "symmetric K(n); vector y(n) constant; a = inv(K)*y; f = y'*a + logdet(K) | K"
                    + " | (1/2)*(kron(inv(K), a*a')*commutation(n, n) - kron(inv(K) - a*a', inv(K)))*(eye(n*n) + commutation(n, n))",
            // a hidden layer's Hessian as kron(h hᵀ, …): the scaled kron(hᵀ, M) shares hᵀ with kron(hᵀ, D) (Hessian trial s65b)
            // a name whose body simplifies to a constant (inv(A)*A is I) is not read into every identity (review s79r: 2*P)
            "matrix A(n, n); vector x(n); P = inv(A)*A; L = sqnorm(x) + tr(P*A) | x | 2*eye(n)",
            // the objective's own name, as its gradients print it (∇_x L = L*(z - x)/s^2), not a where-block's t1 = exp(…) (trial s79a)
            "vector x(n); vector z(n) constant; scalar s; L = exp(-sqnorm(x - z)/(2*s^2)) | x | L*((z - x)*(z - x)' - s^2*eye(n))/s^4",
            // a batch's softmax layer in its bias: the blocks (1ᵀ ⊗ I)·diag(vec(S))·(1 ⊗ I − Sᵀ ⊗ 1) summed to diag(S1) − SSᵀ (trial s79b)
            "matrix W(c, n) constant; matrix X(n, N) constant; vector b(c); L = sum(logsumexp(W*X + b*ones(N)')) | b | diag(sum(t1, 2)) - t1*t1' where t1 = softmax(W*X + b*ones(N)')",
            "matrix W1(h, n), W2(k, h); vector x(n), y(k) constant; h1 = tanh(W1*x); z = W2*h1; L = -y'*log(softmax(z)) | W1"
                    + " | kron(x*x', sum(y)*diag(ones(h) - h1.^2)*W2'*(diag(softmax(z)) - softmax(z)*softmax(z)')*W2*diag(ones(h) - h1.^2)"
                    + " - 2*diag((W2'*(sum(y)*softmax(z) - y)) .* h1 .* (ones(h) - h1.^2)))"})
    void theHessianReadsAsTheTextbooksAndChecks(String program, String wrt, String hessian, @TempDir Path dir) throws IOException {
        assertThat(whereInline(derivedAndChecked(dir, program, "--wrt", wrt, "--hessian"))).endsWith("= " + hessian);
    }

    /** The output on one line from its last result on: "… = G where t1 = …; t2 = …", as the tables write it. */
    private static String whereInline(String output) {
        String out = output.strip();
        int where = out.indexOf("\n\nwhere\n");
        if (where < 0) return out;
        return out.substring(0, where) + " where " + String.join("; ", out.substring(where + 8).strip().lines().map(String::strip).toList());
    }

    /** Jacobians likewise: each line the textbook's, whichever variables are asked for together. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "matrix W(n, m); vector x(m); p = softmax(W*x) | W,x | ∂p/∂vec(W) = kron(x', diag(p) - p*p')",
            // a normalised linear map read with its own value, as x/norm(x)'s is: A*x is no node inside the chain A*x*x'*A'*A
            // (trial s79b: A/norm(A*x) - A*x*x'*A'*A/norm(A*x)^3)
            "vector x(n); matrix A(m, n) constant; F = A*x/norm(A*x) | x | ∂F/∂x = (A - F*F'*A)/norm(A*x)",
            "matrix W(k, n); vector x(n) constant; F = W*x/norm(W*x) | W | ∂F/∂vec(W) = kron(x', (eye(k) - F*F')/norm(W*x))",
            "matrix W(n, m); vector x(m); p = softmax(W*x) | W,x | ∂p/∂x = (diag(p) - p*p')*W",
            // written out, the quotient rule's eˣ(eˣ)ᵀ/sum(eˣ)² is the softmax's outer product (trial s66a), and the
            // softmax is the objective, named (trial s71a)
            "vector x(n); F = exp(x)/sum(exp(x)) | x | ∂F/∂x = diag(F) - F*F'",
            // the objective names itself where its Jacobian reads it with the transposes taken outside (trial s70b: an RBF
            // layer's exp(-sum(…)'/(2*s^2)) was spelled out)
            "matrix C(d, k) constant; scalar s constant; vector x(d); phi = exp(-sum((x*ones(k)' - C).^2, 1)'/(2*s^2))"
                    + " | x | ∂phi/∂x = -diag(phi)*(x*ones(k)' - C)'/s^2",
            // written with the quotient the program names, as a gradient is (trial s71a: layer norm's Jacobian spelled out
            // c*c'/(n*s^3) beside (eye(n) - ones(n, n)/n)/s)
            "matrix P(n, n); matrix H(m, n) constant; symmetric R(m) constant; F = P - P*H'*inv(H*P*H' + R)*H*P"
                    + " | P | ∂vec(F)/∂vec(P) = kron(eye(n) - P'*H'*t1'*H, eye(n) - P*H'*t1*H)",
            "vector x(n); scalar eps constant; c = x - mean(x)*ones(n); s = sqrt(c'*c/n + eps); F = c/s"
                    + " | x | ∂F/∂x = (n*eye(n) - F*F' - ones(n, n))/(n*s)",
            // a symbol over its own norm reads as the quotient too, however the norm is written (trial s76b: L2
            // normalisation's Jacobian was eye(n)/norm(x) - x*x'/norm(x)^3)
            "vector x(n); F = x/norm(x) | x | ∂F/∂x = (eye(n) - F*F')/norm(x)",
            "vector x(n); F = x/sqrt(x'*x) | x | ∂F/∂x = (eye(n) - F*F')/norm(x)",
            "vector x(n); F = x/sum(x) | x | ∂F/∂x = (eye(n) - F*ones(n)')/sum(x)",
            // the diagonal of a product, its selector summed into the blocks it picks (it printed
            // kron(ones(n)', eye(n))*diag(vec(eye(n)))*(kron(x, A) + kron(eye(n), A*x)))
            "vector x(n); matrix A(n, n) constant; F = diag(A*x*x') | x | ∂F/∂x = diag(x)*A + diag(A*x)"})
    void theJacobianReadsAsTheTextbooksAndChecks(String program, String wrt, String line, @TempDir Path dir) throws IOException {
        assertThat(derivedAndChecked(dir, program, "--wrt", wrt).lines()).contains(line);
    }
}
