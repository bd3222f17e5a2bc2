package dev.matdiff.shapes;

import dev.matdiff.expr.Op;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The function names of the language and the operation each one calls. */
final class Functions {
    private Functions() {}

    private static final Map<String, Op> BY_NAME = Map.ofEntries(
            Map.entry("tr", Op.TR), Map.entry("Tr", Op.TR), Map.entry("trace", Op.TR),
            Map.entry("det", Op.DET), Map.entry("logdet", Op.LOGDET), Map.entry("inv", Op.INV),
            Map.entry("sum", Op.SUM), Map.entry("norm", Op.NORM), Map.entry("norm2", Op.NORM),
            Map.entry("sqnorm", Op.SQNORM), Map.entry("norm1", Op.NORM1),
            Map.entry("softmax", Op.SOFTMAX), Map.entry("logsumexp", Op.LOGSUMEXP),
            Map.entry("diag", Op.DIAG_VECTOR), Map.entry("vec", Op.VEC), Map.entry("kron", Op.KRON),
            Map.entry("conv", Op.CONV), Map.entry("convfull", Op.CONVFULL), Map.entry("kronblocks", Op.KRONBLOCKS), Map.entry("kronsum", Op.KRONSUM),
            Map.entry("d", Op.DIFF));

    /** Functions whose arguments are dimensions, handled by the typer itself. */
    private static final Set<String> DIMENSIONAL = Set.of("ones", "eye", "unvec");

    static Optional<Op> lookup(String name) {
        Op op = BY_NAME.get(name);
        return op != null ? Optional.of(op) : Op.elementwise(name);
    }

    static boolean isFunction(String name) { return DIMENSIONAL.contains(name) || lookup(name).isPresent(); }
}
