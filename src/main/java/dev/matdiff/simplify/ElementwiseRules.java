package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/** Element-wise products, quotients and powers. The table in {@link Rules} says where each applies. */
final class ElementwiseRules {
    private ElementwiseRules() {}


    static Expr hadamardOnes(Node n) {
        if (n.op() == Op.HADAMARD) {
            if (is(n.arg(1), Op.ONES)) return n.arg(0);
            if (is(n.arg(0), Op.ONES)) return n.arg(1);
        }
        if (n.op() == Op.ELEMDIV && is(n.arg(1), Op.ONES)) return n.arg(0);
        return null;
    }

    static Expr elemPowTrivial(Node n) {
        double p = n.param();
        if (p == 1) return n.arg(0);
        if (p == 0) return ones(n.shape());
        if (n.arg(0) instanceof Num x) return num(Math.pow(x.value(), p));
        // (a^p)^k = a^(pk) holds for an integer k; (a²)^½ = |a| shows why not for any q
        if (is(n.arg(0), Op.ELEMPOW) && p == Math.rint(p)) return elemPow(arg(n.arg(0), 0), ((Node) n.arg(0)).param() * p);
        return null;
    }

    static Expr elemDivElemDiv(Node n) {
        if (is(n.arg(0), Op.ELEMDIV)) return elemDiv(arg(n.arg(0), 0), hadamard(arg(n.arg(0), 1), n.arg(1)));
        if (is(n.arg(1), Op.SCALE) && arg(n.arg(1), 0) instanceof Num c && c.value() != 0)
            return scale(num(1 / c.value()), elemDiv(n.arg(0), arg(n.arg(1), 1)));
        return null;
    }

    static Expr hadamardCancel(Node n) {
        if (n.op() == Op.HADAMARD) {
            Expr a = n.arg(0), b = n.arg(1);
            if (is(b, Op.ELEMDIV) && arg(b, 1) == a) return arg(b, 0);
            if (is(a, Op.ELEMDIV) && arg(a, 1) == b) return arg(a, 0);
        }
        if (n.op() == Op.ELEMDIV && is(n.arg(0), Op.HADAMARD)) {
            Expr h = n.arg(0), d = n.arg(1);
            if (arg(h, 0) == d) return arg(h, 1);
            if (arg(h, 1) == d) return arg(h, 0);
        }
        return null;
    }

    static Expr hadamardPower(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Expr baseA = is(a, Op.ELEMPOW) ? arg(a, 0) : a, baseB = is(b, Op.ELEMPOW) ? arg(b, 0) : b;
        if (baseA != baseB) {
            // x ⊙ (x ⊙ y): the power is one factor further in
            if (is(b, Op.HADAMARD) && (arg(b, 0) == baseA || is(arg(b, 0), Op.ELEMPOW) && arg(arg(b, 0), 0) == baseA))
                return hadamard(hadamard(a, arg(b, 0)), arg(b, 1));
            return null;
        }
        double p = (is(a, Op.ELEMPOW) ? ((Node) a).param() : 1) + (is(b, Op.ELEMPOW) ? ((Node) b).param() : 1);
        return elemPow(baseA, p);
    }

    static Expr hadamardReciprocal(Node n) {
        for (int i = 0; i < 2; i++) {
            Expr r = n.arg(i);
            if (is(r, Op.ELEMPOW) && ((Node) r).param() == -1) return elemDiv(n.arg(1 - i), arg(r, 0));
        }
        return null;
    }
}
