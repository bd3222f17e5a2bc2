package dev.matdiff.codegen;

import dev.matdiff.codegen.Term.Form;
import dev.matdiff.expr.ComputedForms;
import dev.matdiff.numeric.StableForms;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.DiagonalProducts;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The derivation's expressions as generated code computes them ({@link Term}s): numerically sound
 * where the expression allows — {@code log(det(A))} from a factorisation, {@code log(softmax(x))}
 * as {@code x - logsumexp(x)}, an inverse that only ever multiplies as a solve — products in the
 * cheapest order ({@link Chains}), the trace of a product without the product, and functions of a
 * 1×1 argument as scalar arithmetic ({@link ScalarCases}). The program's intermediates are
 * remembered by the value they name.
 */
final class Lowering {

    private final Terms terms = new Terms();
    private final Chains chains = new Chains(terms);
    private final ScalarCases scalars = new ScalarCases();
    private final Map<Expr, Term> done = IdentityMaps.map();
    /** The program's intermediates: the value each names, with the name. */
    private final Map<Term, String> intermediates = new LinkedHashMap<>();
    /**
     * The value of each intermediate by its name, as first lowered: the objective reads h2 as the
     * program wrote it and a gradient the simplified h2, two expressions of one value, which
     * generated code computes once.
     */
    private final Map<String, Term> byName = new HashMap<>();
    /** The inverses that are only ever a factor of a product (possibly transposed): those become solves. */
    private final Map<Expr, Boolean> onlyFactor = IdentityMaps.map();
    /**
     * Which values are symmetric by their form (X'X, inv(X'X)), read as they are where a product has their transpose:
     * no transpose stored, and a solve with X'X done once. Declared symmetric variables are not taken at their word:
     * generated code reads the caller's arrays as they are.
     */
    private final dev.matdiff.numeric.Symmetric symmetric = new dev.matdiff.numeric.Symmetric(false);

    /**
     * @param roots every expression the module will lower (the inverses' uses are read from all of
     *              them, so an inverse some root needs on its own is computed once and shared)
     */
    Lowering(Collection<Expr> roots) {
        List<Expr> rewritten = new ArrayList<>();
        for (Expr r : roots) rewritten.add(prepared(r));
        findFactorOnlyInverses(rewritten);
    }

    /** The adjugate each adj(Y) variable of a det-scaled inverse stands for ({@link #prepared}). */
    private final Map<Var, Expr> adjugateOf = new HashMap<>();

    /**
     * Scalar cases as scalar arithmetic, and det(Y)·inv(Y) as adj(Y), which exists where Y is singular too: det's
     * gradient at a singular matrix is what eval gives, not an error of the inverse.
     */
    private Expr prepared(Expr e) {
        Expr r = scalars.apply(e);
        dev.matdiff.numeric.Adjugates.Rewritten a = dev.matdiff.numeric.Adjugates.rewritten(r);
        if (a == null) return r;
        adjugateOf.putAll(a.adjugateOf());
        return a.expr();
    }

    /** An expression as generated code computes it. */
    Term lower(Expr e) {
        Expr r = prepared(e);
        Term t = done.get(r);
        if (t != null) return t;
        // iteratively, so a deep chain of layers does not recurse; only what is read (tr(A*B) does not read A*B)
        List<Expr> order = Dag.postOrder(r);
        Set<Expr> needed = IdentityMaps.set();
        needed.add(r);
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr x = order.get(i);
            if (needed.contains(x) && !done.containsKey(x)) needed.addAll(reads(x));
        }
        for (Expr x : order)
            if (needed.contains(x) && !done.containsKey(x)) {
                symmetric.of(x);  // children first, so that asking a factor later never recurses deeply
                done.put(x, make(x));
            }
        return done.get(r);
    }

    /** The value an expression lowers to, if it has been lowered (a gradient symbol's expansion, say); else null. */
    Term lowered(Expr e) { return done.get(prepared(e)); }

    Map<Term, String> intermediates() { return intermediates; }

    private Term make(Expr e) {
        if (e instanceof Var v) return adjugateOf.containsKey(v) ? terms.form(Form.ADJUGATE, List.of(lower(adjugateOf.get(v))), v.shape()) : terms.arg(v);
        if (e instanceof Num n) return terms.number(n.value());
        if (e instanceof Named n) {
            Term body = byName.computeIfAbsent(n.name(), k -> done.get(n.body()));
            intermediates.putIfAbsent(body, n.name());
            return body;
        }
        Node n = (Node) e;
        Expr computed = ComputedForms.of(n);  // computed as eval computes it: no n×n diagonal, log σ stably
        if (computed != n) return lower(computed);
        Term complement = complement(n);
        if (complement != null) return complement;
        // A⁻ᵏ as (A⁻¹)ᵏ, so an inverse of A written beside it is shared (eval shares it through A's factorisation)
        if (n.op() == Op.POWER && n.param() < 0) return lower(Exprs.power(Exprs.inv(n.arg(0)), (int) -n.param()));
        switch (n.op()) {
            case MATMUL:
                return chains.product(factors(n));
            case TR:
                if (tracedChain(n)) return chains.trace(factors((Node) n.arg(0)));
                break;
            case LOG: {
                // through a name: log(P) with P = softmax(Z) is log_softmax(Z), finite where a probability underflows
                Expr inner = Exprs.unnamed(n.arg(0));
                if (Exprs.is(inner, Op.DET)) return terms.form(Form.LOG_DET, List.of(of(Exprs.arg(inner, 0))), n.shape());
                if (Exprs.is(inner, Op.SOFTMAX)) return terms.form(Form.LOG_SOFTMAX, List.of(of(Exprs.arg(inner, 0))), n.shape());
                break;
            }
            default:
                break;
        }
        List<Term> args = new ArrayList<>(n.arity());
        for (Expr a : n.args()) args.add(of(a));
        return terms.call(n.op(), args, n.param(), n.shape());
    }

    /**
     * k·(1 − σ(x)), k·(1 − 2σ(x)), k·(1 − tanh(x)²) and k·(1 − x²) from x, as eval computes them ({@link StableForms}), else
     * null: as written they cancel where x is large (σ′ at a logit of 300 came out 1e-254 for 1e-128; 1 − tanh(10)² lost 8
     * digits): k·σ(−x), −k·tanh(x/2), 2k·σ(∓2x), k·sech²(x) and k·(1 − x) ⊙ (1 + x).
     */
    private Term complement(Node n) {
        Expr x = StableForms.complemented(n);
        if (x == null) return null;
        double k = StableForms.complementScale(n);
        Expr one = x.shape().isScalar() ? Exprs.ONE : Exprs.ones(x.shape());
        Term t = switch (StableForms.complement(n)) {
            case SIGMOID -> lower(Exprs.fn("sigmoid", Exprs.neg(x)));
            case SIGMOID_TWICE -> lower(Exprs.neg(Exprs.fn("tanh", Exprs.scale(Exprs.num(0.5), x))));
            case TANH_SQUARED -> terms.form(Form.SECH_SQUARED, List.of(of(x)), n.shape());
            case TANH_MINUS -> lower(Exprs.scale(Exprs.num(2), Exprs.fn("sigmoid", Exprs.scale(Exprs.num(-2), x))));
            case TANH_PLUS -> lower(Exprs.scale(Exprs.num(2), Exprs.fn("sigmoid", Exprs.scale(Exprs.num(2), x))));
            case SQUARE -> lower(Exprs.hadamard(Exprs.sub(one, x), Exprs.add(one, x)));
        };
        return k == 1 ? t : terms.call(Op.SCALE, List.of(terms.number(k), t), 0, n.shape());
    }

    /** tr(P·Q⋯) taken over the chain without forming it, unless a factor is a diagonal: that product is a scaling, formed. */
    private static boolean tracedChain(Node tr) {
        return Exprs.is(tr.arg(0), Op.MATMUL) && ComputedForms.of((Node) tr.arg(0)) == tr.arg(0);
    }

    /** The lowered value of an expression {@code make} reads (made before it). */
    private Term of(Expr e) { return done.get(e); }

    /** What {@link #make} reads of a node: its children, but through a product's factors, log∘det and log∘softmax. */
    private List<Expr> reads(Expr e) {
        if (e instanceof Named n) return byName.containsKey(n.name()) ? List.of() : List.of(n.body());
        if (!(e instanceof Node n)) return List.of();
        switch (n.op()) {
            case MATMUL: {
                if (ComputedForms.overInverses(n) != null) return List.of();  // make lowers its solves on its own
                List<Expr> out = new ArrayList<>();
                boolean scaled = ComputedForms.of(n) != n;  // make lowers the scaled product, which reads v, not diag(v)
                for (Expr f : n.args()) {
                    if (scaled && DiagonalProducts.diagonal(f)) { out.add(Exprs.arg(f, 0)); continue; }
                    Expr inner = Exprs.is(f, Op.TRANSPOSE) ? Exprs.arg(f, 0) : f;
                    if (Exprs.is(inner, Op.INV) && onlyFactor.getOrDefault(inner, false)) out.add(Exprs.arg(inner, 0));
                    else out.add(inner);
                }
                return out;
            }
            case TR:
                if (tracedChain(n)) return reads(n.arg(0));
                break;
            case POWER:
                if (n.param() < 0) return List.of();  // make lowers (A⁻¹)ᵏ on its own
                break;
            case LOG: {
                if (ComputedForms.of(n) != n) return List.of();  // make lowers the computed form on its own, from its operands
                Expr inner = Exprs.unnamed(n.arg(0));
                if (Exprs.is(inner, Op.DET) || Exprs.is(inner, Op.SOFTMAX)) return List.of(Exprs.arg(inner, 0));
                break;
            }
            default:
                break;
        }
        return n.args();
    }

    private List<Chains.Factor> factors(Node product) {
        List<Chains.Factor> out = new ArrayList<>();
        for (Expr f : expandedPowers(product.args())) {
            boolean transposed = Exprs.is(f, Op.TRANSPOSE);
            Expr inner = transposed ? Exprs.arg(f, 0) : f;
            if (Exprs.is(inner, Op.INV) && onlyFactor.getOrDefault(inner, false))
                out.add(new Chains.Factor(of(Exprs.arg(inner, 0)), transposed, true, symmetric.of(inner)));
            else
                out.add(new Chains.Factor(of(inner), transposed, false, symmetric.of(inner)));
        }
        return out;
    }

    /**
     * A small whole power in a product as that many factors, so the chain order multiplies Aᵏ into the vector beside it
     * (A(Ay), k n² flops) rather than forming Aᵏ (n³); beside matrices the flops are the same either way.
     */
    private static List<Expr> expandedPowers(List<Expr> factors) {
        List<Expr> out = new ArrayList<>();
        for (Expr f : factors) {
            int k = Exprs.is(f, Op.POWER) ? (int) ((Node) f).param() : 0;
            // A⁻ᵏ as k factors A⁻¹, the one inverse make computes for every use of it
            Expr base = k < 0 ? Exprs.inv(Exprs.arg(f, 0)) : k > 0 ? Exprs.arg(f, 0) : f;
            if (Math.abs(k) >= 2 && Math.abs(k) <= 8) for (int i = 0; i < Math.abs(k); i++) out.add(base);
            else out.add(f);
        }
        return out;
    }

    /**
     * An inverse whose every use is as a factor of a product, directly or through a transpose
     * that is itself only a factor, is a solve there; any other use computes it.
     */
    private void findFactorOnlyInverses(List<Expr> roots) {
        Map<Expr, List<Expr>> parents = IdentityMaps.map();
        for (Expr e : Dag.postOrder(roots))
            for (Expr c : e.children()) parents.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
        for (Expr e : Dag.postOrder(roots)) {
            if (!Exprs.is(e, Op.INV)) continue;
            boolean only = true;
            for (Expr p : parents.getOrDefault(e, List.of())) {
                if (Exprs.is(p, Op.MATMUL)) continue;
                if (Exprs.is(p, Op.TRANSPOSE) && allProducts(parents.getOrDefault(p, List.of()))) continue;
                only = false;
            }
            // an inverse no one reads (a root itself) is computed
            onlyFactor.put(e, only && parents.containsKey(e));
        }
    }

    private static boolean allProducts(List<Expr> parents) {
        if (parents.isEmpty()) return false;
        for (Expr p : parents) if (!Exprs.is(p, Op.MATMUL)) return false;
        return true;
    }
}
