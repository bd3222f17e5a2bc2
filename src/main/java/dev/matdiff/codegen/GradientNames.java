package dev.matdiff.codegen;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Substitution;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Simplifier;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gradients that reach a program's intermediates, as expressions in the program's own
 * symbols: a staged derivation prints {@code ∇h2 = sum(y)*softmax(h2) - y} in terms of the
 * stages above it, and its final gradients contain that expression expanded. Expanding the
 * derivation's lines the way the stages did finds the same (hash-consed) nodes, so generated code
 * can call the value it computes once {@code grad_h2}. Where the simplifier reshaped a gradient so
 * that the expansion no longer occurs in it, nothing is lost but the name.
 */
final class GradientNames {
    private GradientNames() {}

    /** ∇h for each intermediate h a staged derivation went through, by h's name, consumers first. */
    static Map<String, Expr> of(Derivation d, Program program) {
        Map<String, Expr> expanded = new LinkedHashMap<>();
        Map<String, Expr> symbols = new HashMap<>();
        Simplifier.Session simplify = Simplifier.shortest();
        Substitution expand = new Substitution(e -> {
            if (e instanceof Var v && v.name().startsWith("∇")) return symbols.get(v.name().substring(1));
            if (e instanceof Var v && !v.constant() && !program.variables().containsKey(v.name())) {
                // the stand-in for an intermediate, as a stage's derivation reads it
                Named def = program.definitions().get(v.name());
                return def != null && def.shape().equals(v.shape()) ? def : null;
            }
            if (e instanceof Named n && program.definitions().get(n.name()) != null && program.definitions().get(n.name()) != n)
                return program.definitions().get(n.name());
            return e instanceof Named ? e : null;
        });
        for (Step s : d.steps()) {
            if (s.phase() != Step.Phase.INCOMING || !(s.lhs() instanceof Lhs.GradientSymbol g)) continue;
            Expr value = simplify.apply(expand.apply(s.expr()));
            symbols.put(g.name(), value);
            expanded.put(g.name(), value);
        }
        return expanded;
    }
}
