package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;

import java.util.Map;
import java.util.Set;

/** Which subexpressions depend on the variables being differentiated (the rest have d = 0). */
final class Dependence {
    private final Set<Expr.Var> variables;
    private final Map<Expr, Boolean> memo = IdentityMaps.map();

    Dependence(Set<Expr.Var> variables) { this.variables = variables; }

    boolean varies(Expr e) {
        Boolean known = memo.get(e);
        if (known != null) return known;
        boolean result;
        if (e instanceof Expr.Var v) result = variables.contains(v);
        else {
            result = false;
            for (Expr c : e.children()) if (varies(c)) { result = true; break; }
        }
        memo.put(e, result);
        return result;
    }
}
