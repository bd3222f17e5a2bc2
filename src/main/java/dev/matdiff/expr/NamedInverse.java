package dev.matdiff.expr;

import java.util.Map;

/**
 * A printer writes A⁻ᵏ as t1^k where t1 = inv(A) is a named part, so the inverse it names is not spelled out again beside
 * it. At most one named part is base's inverse.
 */
public final class NamedInverse {
    private NamedInverse() {}

    /** The name given to inv(base), or null. */
    public static String of(Map<Expr, String> names, Expr base) {
        Expr inverse = part(names, base);
        return inverse == null ? null : names.get(inverse);
    }

    /** The named part inv(base), or null. */
    static Expr part(Map<Expr, String> names, Expr base) {
        for (Expr named : names.keySet()) if (Exprs.is(named, Op.INV) && Exprs.arg(named, 0) == base) return named;
        return null;
    }
}
