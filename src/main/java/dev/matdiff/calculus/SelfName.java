package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.simplify.Simplifier;

import java.util.function.Predicate;

/**
 * A vector or matrix objective's value named by itself where its Jacobian reads it (diag(s) − s sᵀ for s = softmax(z)),
 * and its transpose too (inv(X)ᵀ's Jacobian −(f' ⊗ f)K, not −(inv(X) ⊗ f)K).
 */
final class SelfName {
    private SelfName() {}

    /** Distinct nodes, as written (names unread), from which a scalar objective's value a gradient prints is written by its name. */
    static final int LONG_VALUE = 8;

    /**
     * A scalar objective's value written by its name in its gradients where one prints it and it is long: a triplet loss
     * L = relu(‖a − p‖ − ‖a − q‖ + m) has ∇_a L = sign(L)·(…), not a where-block naming relu(…) t1 beside the program's
     * own name for it; an RBF kernel L has ∇_x L = L·(z − x)/s² with or without its Hessian (trial s80a: only with it,
     * where the two counted as two printings). Each gradient's step is rewritten with it. A Hessian that prints it where
     * no gradient does ({@code alsoPrinting}) names it too, the gradients then unchanged.
     */
    static boolean inGradients(Named self, Steps steps, java.util.Map<String, Expr> gradients, java.util.Collection<Expr> alsoPrinting) {
        if (self == null || !self.shape().isScalar() || !(self.body() instanceof Expr.Node) || Dag.asWritten(self.body()).size() < LONG_VALUE)
            return false;
        Expr body = self.body();
        java.util.List<java.util.List<Expr>> printed = java.util.stream.Stream.concat(gradients.values().stream(), alsoPrinting.stream())
                .map(Dag::asWritten).toList();
        Expr asResult = asResult(body, printed);
        if (printed.stream().noneMatch(g -> g.stream().anyMatch(x -> x == body || x == asResult))) return false;
        steps.rewriteGradients(self.name(), gradients, byName(self, asResult));
        return true;
    }

    /**
     * The body as a finished result writes it: t^g·Σx − t^(g+1) is t^g·(Σx − t) there (common-power), and ∇_g L = L·log(t)
     * must still find it (review s80r: it printed t^g*(sum(x) - t)*log(t)); a quotient inside an exp likewise.
     */
    private static Expr asResult(Expr body, java.util.List<java.util.List<Expr>> printed) {
        // worked out only where a gradient holds the body's kind of node (an exp for an RBF kernel's exp(…)) but not the body
        // itself: simplifying every objective again is a second derivation's worth of time for most, which print no value
        Op op = ((Expr.Node) body).op();
        boolean asWritten = printed.stream().anyMatch(g -> g.stream().anyMatch(x -> x == body));
        boolean ofItsKind = printed.stream().anyMatch(g -> g.stream().anyMatch(x -> x instanceof Expr.Node m && m.op() == op));
        return asWritten || !ofItsKind ? body : asResult(body);
    }

    private static Expr asResult(Expr body) {
        // an RBF kernel's exp(-sum(((x - z) ./ ell).^2)/2) is exp(-sum((x - z).^2 ./ ell.^2)/2) in its gradient (trial s81b);
        // no large value, as a deep network's loss: what a gradient prints whole is a textbook's few nodes
        if (Dag.exceeds(body, QuotientNames.MAX_NODES)) return body;
        Simplifier.Session session = Simplifier.shortest();
        Expr written = session.finished(session.apply(body));
        // a value that simplifies to a few nodes is printed as it is: xᵀAᵀAx/‖Ax‖'s gradient AᵀAx/‖Ax‖, not AᵀAx/f
        return Dag.asWritten(written).size() < LONG_VALUE ? body : written;
    }

    /**
     * The Hessians and Hessian-vector products written with the objective's name where its gradients are: an RBF kernel's
     * ∇²_x L = L·((z − x)(z − x)ᵀ − s²I)/s⁴ beside ∇_x L = L·(z − x)/s², not a where-block naming exp(…) t1 (trial s79a).
     */
    static Derivation.Higher inHigher(Named self, Steps steps, Derivation.Higher higher) {
        java.util.Map<String, Expr> hessians = new java.util.LinkedHashMap<>(higher.hessians());
        java.util.Map<String, Expr> products = new java.util.LinkedHashMap<>(higher.hessianVectorProducts());
        java.util.function.UnaryOperator<Expr> byName = byName(self, asResult(self.body()));
        steps.rewriteResults(Step.Phase.HESSIAN, self.name(), hessians, byName);
        steps.rewriteResults(Step.Phase.HESSIAN_VECTOR, self.name(), products, byName);
        return new Derivation.Higher(higher.jacobians(), hessians, products, higher.directions(), higher.numerator());
    }

    private static java.util.function.UnaryOperator<Expr> byName(Named self, Expr asResult) {
        return g -> Substitution.apply(g, e -> e == self.body() || e == asResult ? self : e instanceof Named ? e : null);
    }

    /** The substitution that writes the objective {@code self} (with this body) by its name; none where it has no name. */
    static Substitution of(Named self, Expr body) {
        if (self == null || body != self.body() || !(body instanceof Expr.Node)) return new Substitution(e -> null);
        Expr transposed = Exprs.is(body, Op.TRANSPOSE) ? Exprs.arg(body, 0) : Exprs.transpose(body);
        // and its transpose as the rules write it, the transposes inside taken out: exp(-u'/c)' is exp(-u/c) (trial
        // s70b: an RBF layer's phi = exp(-sum(…)'/(2*s^2)) was spelled out in its Jacobian)
        Expr inside = Simplifier.untransposed(body), simplified = inside == null ? null : Simplifier.simplify(inside);
        Predicate<Expr> isTransposed = e -> e == transposed || inside != null && (e == inside || e == simplified);
        // and as the simplifier writes it: F = exp(x)/sum(exp(x)) is softmax(x), which its Jacobian reads (diag(F) - F*F')
        Expr written = Simplifier.simplify(body);
        return new Substitution(e -> e == body || e == written || Exprs.is(e, Op.TRANSPOSE) && isTransposed.test(Exprs.arg(e, 0)) ? self
                : isTransposed.test(e) ? Exprs.transpose(self) : null);
    }
}
