package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named matrix read through its definition where that cancels or merges, as the program without the name derives:
 * its inverse (with Y = X³ the gradient of det(Y) is det(Y)·(X²Y⁻¹ + XY⁻¹X + Y⁻¹X²)ᵀ written with the name, and
 * 3·det(Y)·X⁻ᵀ with Y⁻¹ read as (X³)⁻¹; with M = AXB, Aᵀ M⁻ᵀ Bᵀ is X⁻ᵀ: the Cookbook's (51), (57), (58)), and a power
 * of a symbol (with Y = X², tr(YY)'s 2(XY + YX)ᵀ is 4(X³)ᵀ, (121)) (trial s76a). The name stays wherever nothing cancels (X'AX with X not square, the Cookbook's (54)), and every other name as it is.
 */
final class NamesReadThrough {
    private NamesReadThrough() {}

    static final String INVERSE = "inverse-of-a-name", POWER = "power-of-a-name";

    /**
     * e with named matrices read through their definitions, one name at a time, where that leaves a smaller tree; the
     * rules of each reading kept (added to fired) only where it is (the session's own record is drained for that).
     */
    static Expr apply(Expr e, Simplifier.Session simplify, Cost cost, List<String> fired) {
        if (cost.treeSize(e) > Simplifier.MAX_NODES_TO_COMPARE) return e;
        // inverses first: a name read inside its inverse alone keeps it elsewhere (2·det(Y)·X⁻ᵀ with Y = X², not 2·det(X)²·X⁻ᵀ)
        java.util.Set<Reading> readings = new java.util.LinkedHashSet<>();
        List<Expr> written = Dag.asWritten(e);
        for (Expr x : written) if (inverted(x) instanceof Named y) readings.add(new Reading(y, INVERSE));
        // then a power read where it stands itself, its inverse read or not (Y = X⁻²: X·Y + Y·X is 2X⁻¹); only a product
        // or a power can be one, and only those are opened (a network's names are neither)
        Map<Named, Opened> deep = IdentityMaps.map();
        for (Expr x : written)
            if (x instanceof Named y && (Exprs.is(y.body(), Op.MATMUL) || Exprs.is(y.body(), Op.POWER))
                    && powerOfASymbol(deep.computeIfAbsent(y, n -> opened(n, simplify)).body()))
                readings.add(new Reading(y, POWER));
        Expr best = e;
        for (Reading reading : readings) {
            if (cost.treeSize(best) > Simplifier.MAX_NODES_TO_COMPARE) break;
            // a definition as written first, its inner names kept (C = X·A; D = C·X: D⁻¹ cancels beside C); then with the
            // names it is made of read too (C = A·A; D = C·A: D⁻¹ is A⁻³, and C is A² wherever it stands)
            Opened opened = deep.computeIfAbsent(reading.name(), n -> opened(n, simplify));
            Opened shallow = new Opened(reading.name().body(), Map.of());
            for (Opened o : opened.inner().isEmpty() ? List.of(opened) : List.of(shallow, opened)) {
                Expr read = tried(best, reading, o, simplify, cost, fired);
                if (read != null) {
                    best = read;
                    break;
                }
            }
        }
        return best;
    }

    /** best with the reading, where it is smaller and cancels all of the name's inverse or power; else null. */
    private static Expr tried(Expr best, Reading reading, Opened opened, Simplifier.Session simplify, Cost cost, List<String> fired) {
        Named y = reading.name();
        String how = reading.how();
        Expr body = opened.body();
        Expr read = Substitution.apply(best, x -> read(how, x, y, opened));
        Expr simplified = simplify.apply(read);
        List<String> used = simplify.drainFired();
        // all of it or none: a reading that cancels in one place and leaves inv(A*X*B) in another, or X^-2 beside the Y
        // it was to cancel, hides what the name showed (review s76r)
        Expr left = simplify.apply(how.equals(INVERSE) ? Exprs.inv(body) : body);
        simplify.drainFired();
        if (cost.treeSize(simplified) >= cost.treeSize(best) || Dag.asWritten(simplified).stream().anyMatch(x -> x == left)
                || !compoundInverses(best).containsAll(compoundInverses(simplified))) return null;
        for (String id : used) if (!fired.contains(id)) fired.add(id);
        if (!fired.contains(how)) fired.add(how);
        return simplified;
    }

    /** A name and how it is read: its inverse ({@link #INVERSE}) or itself, a power ({@link #POWER}). */
    private record Reading(Named name, String how) {}

    /**
     * x as the reading `how` of y writes it, the names y's definition was read through read so too (D = C·A read as A³
     * takes C as A² elsewhere); null to look into it, x itself to leave it (every other name).
     */
    private static Expr read(String how, Expr x, Named y, Opened opened) {
        if (how.equals(POWER) && x == y) return opened.body();
        Expr inner = opened.inner().get(x);
        if (inner != null) return inner;
        if (x instanceof Named) return x;
        return how.equals(INVERSE) && inverted(x) == y ? readThrough((Expr.Node) x, opened.body()) : null;
    }

    /** A definition with the products it names read through, and those names each as read (C as A²). */
    private record Opened(Expr body, Map<Expr, Expr> inner) {}

    /** Names nested in a product read through, at most this deep: D = C·A with C = A·A is A³. */
    private static final int MAX_NESTED = 16;

    /** y's definition with the products it names read through, as the simplifier writes it (C·A is A³, A·A is A²). */
    private static Opened opened(Named y, Simplifier.Session simplify) {
        Map<Expr, Expr> inner = IdentityMaps.map();
        Expr open = products(y.body(), MAX_NESTED, inner, simplify);
        return new Opened(open, inner);
    }

    /**
     * e, a product or power, with the products it names read through (each recorded in inner), simplified where that
     * may make it a power (a name read, or one factor repeated: A·A); e else. Most names are none of these (Z = W·X): they
     * cost no simplifying.
     */
    private static Expr products(Expr e, int depth, Map<Expr, Expr> inner, Simplifier.Session simplify) {
        if (depth == 0 || !(Exprs.is(e, Op.MATMUL) || Exprs.is(e, Op.POWER))) return e;
        Expr open = Substitution.apply(e, x -> {
            if (!(x instanceof Named n)) return null;
            Expr read = products(n.body(), depth - 1, inner, simplify);
            if (read == n.body() && !Exprs.is(read, Op.MATMUL) && !Exprs.is(read, Op.POWER)) return n;
            inner.put(n, read);
            return read;
        });
        boolean repeats = Exprs.is(open, Op.MATMUL) && open.children().stream().distinct().count() < open.children().size();
        if (open == e && !repeats) return e;
        Expr out = simplify.apply(open);
        simplify.drainFired();  // a reading's rules are the reading's to cite, where it is kept
        return out;
    }

    /** The matrix x inverts, inv(Y) or Y^-k; else null. */
    private static Expr inverted(Expr x) {
        return Exprs.is(x, Op.INV) || Exprs.is(x, Op.POWER) && ((Expr.Node) x).param() < 0 ? x.children().get(0) : null;
    }

    /**
     * The inverses of more than a symbol or a name in e: a reading that brings one in cancelled only part of a name
     * (inv(B'*X') left of M = AXB in a Hessian: trial s76c), so the name stays.
     */
    private static java.util.Set<Expr> compoundInverses(Expr e) {
        java.util.Set<Expr> out = IdentityMaps.set();
        for (Expr x : Dag.asWritten(e)) {
            Expr of = inverted(x);
            if (of == null) continue;
            Expr atom = Exprs.is(of, Op.TRANSPOSE) ? of.children().get(0) : of;
            if (!(atom instanceof Expr.Var || atom instanceof Named)) out.add(x);
        }
        return out;
    }

    /** X^k for a symbol X and |k| ≥ 2: a power that merges with X beside it. */
    private static boolean powerOfASymbol(Expr body) {
        return Exprs.is(body, Op.POWER) && Math.abs(((Expr.Node) body).param()) >= 2 && body.children().get(0) instanceof Expr.Var;
    }

    private static Expr readThrough(Expr.Node x, Expr body) {
        return x.op() == Op.INV ? Exprs.inv(body) : Exprs.power(body, (int) x.param());
    }
}
