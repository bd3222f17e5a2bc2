package dev.matdiff.codegen;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.RandomData;
import dev.matdiff.codegen.Plan.Output.Kind;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.shapes.Program;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Code to paste: a derivation as a module in NumPy, PyTorch or Java that computes the objective
 * and its derivatives (the gradients of a scalar objective, and its Hessians when they were derived; the
 * Jacobians of a vector or matrix objective), checks its arguments' shapes, and checks itself against
 * finite differences.
 * <pre>{@code
 * MatDiff m = MatDiff.parse(text);
 * String python = CodeGen.generate(new CodeGen.Request(m.program(), text, "lr.mdiff", null, Language.NUMPY), m.derive("w"));
 * }</pre>
 * The pipeline: {@link Lowering} (numerically sound forms, product order), {@link Planner} (what is
 * computed once, under which name), then one emitter per language. A size no argument's shape
 * carries (the p of {@code kron(eye(p), X)}) is a parameter of its own, after the symbols
 * ({@link Signature}). Bad input (a variable that is an intermediate) is a {@link MatDiffException}.
 */
public final class CodeGen {
    private CodeGen() {}

    /**
     * What to generate.
     *
     * @param program     the typed program
     * @param programText its text, quoted in the header
     * @param sourceName  the file it came from (or "-e 'EXPR'"), for the header
     * @param objective   the objective's name as asked for (--of), or null for the last definition
     * @param language    the language to write
     * @param className   the Java class's name, or null for one made from the source's name
     */
    public record Request(Program program, String programText, String sourceName, String objective, Language language,
                          String className) {
        public Request(Program program, String programText, String sourceName, String objective, Language language) {
            this(program, programText, sourceName, objective, language, null);
        }

        String version() { return CodeGen.version(); }
    }

    /** The module's source text. */
    public static String generate(Request r, Derivation d) {
        for (Expr.Var v : d.wrt())
            if (r.program().variables().get(v.name()) != v)
                throw new MatDiffException("codegen differentiates with respect to the program's symbols; '" + v.name()
                        + "' is an intermediate (declare it as a symbol instead)", r.program().position(v.name()));
        Blueprint b = blueprint(r, d);
        return switch (r.language()) {
            case NUMPY, TORCH -> new PythonEmitter(b, r.language()).module();
            case JAVA -> new JavaEmitter(b, r.program().position(d.objectiveName())).module();
        };
    }

    static Blueprint blueprint(Request r, Derivation d) {
        List<Blueprint.Function> functions = functions(r, d);
        List<Expr.Var> arguments = new ArrayList<>(r.program().variables().values());
        Signature signature = signature(r, d, functions);
        Map<String, Integer> sizes = RandomData.sizesWithAPoint(d, arguments);
        return new Blueprint(Header.of(r, d, signature.sizes()), signature, functions, d.wrt(), d.objectiveName(), d.objective().shape(),
                sizes, r.className() != null ? r.className() : className(r.sourceName()), d.assumptions());
    }

    /** The sizes the generated functions take after the symbols, as no symbol's shape gives them (the p of kron(eye(p), X)): usually none. */
    static List<String> sizeArguments(Request r, Derivation d) { return signature(r, d, functions(r, d)).sizes(); }

    private static Signature signature(Request r, Derivation d, List<Blueprint.Function> functions) {
        return new Signature(new ArrayList<>(r.program().variables().values()), sizesRead(functions, d), r.program().position(d.objectiveName()));
    }

    private static List<Blueprint.Function> functions(Request r, Derivation d) {
        List<Blueprint.Function> functions = new ArrayList<>();
        if (d.isJacobian()) {
            functions.add(function(Blueprint.Entry.F_AND_JACOBIAN, r, d, derivatives(d, Kind.JACOBIAN)));
        } else {
            functions.add(function(Blueprint.Entry.F_AND_GRAD, r, d, derivatives(d, Kind.GRADIENT)));
            if (!d.higher().hessians().isEmpty()) {
                List<Derivative> both = new ArrayList<>(derivatives(d, Kind.GRADIENT));
                both.addAll(derivatives(d, Kind.HESSIAN));
                functions.add(function(Blueprint.Entry.F_AND_HESSIAN, r, d, both));
            }
        }
        return functions;
    }

    /**
     * Every dimension symbol the functions' code may read, in the order it first reads them: the sizes of the values each
     * computes (the objective's value first, its operands left to right, then the derivatives), and the 2-D shape a
     * Jacobian or a Hessian is returned in. The symbols no argument has as a whole axis become size parameters.
     */
    private static List<String> sizesRead(List<Blueprint.Function> functions, Derivation d) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Blueprint.Function f : functions) {
            List<Term> roots = new ArrayList<>();
            for (Plan.Output o : f.plan().outputs()) roots.add(o.value());
            for (Term t : Planner.postOrder(roots)) {
                out.addAll(Dims.symbols(t.shape().rows()));
                out.addAll(Dims.symbols(t.shape().cols()));
            }
            for (Plan.Output o : f.plan().outputs())
                if (o.kind() == Kind.JACOBIAN || o.kind() == Kind.HESSIAN) {
                    out.addAll(Dims.symbols(o.variable().shape().rows()));
                    out.addAll(Dims.symbols(o.variable().shape().cols()));
                    if (o.kind() == Kind.JACOBIAN) {
                        out.addAll(Dims.symbols(d.objective().shape().rows()));
                        out.addAll(Dims.symbols(d.objective().shape().cols()));
                    }
                }
        }
        return new ArrayList<>(out);
    }

    /** A derivative a function returns, before it is lowered. */
    private record Derivative(Kind kind, Expr.Var variable, Expr expr) {}

    /** Every variable's derivative of one kind, in the order of the variables. */
    private static List<Derivative> derivatives(Derivation d, Kind kind) {
        List<Derivative> out = new ArrayList<>();
        for (Expr.Var v : d.wrt())
            out.add(new Derivative(kind, v, switch (kind) {
                case GRADIENT -> d.gradient(v.name());
                case JACOBIAN -> d.jacobian(v.name());
                case HESSIAN -> d.hessian(v.name());
                case VALUE -> throw new IllegalArgumentException("the value is not a derivative");
            }));
        return out;
    }

    /**
     * One function's plan, lowered on its own: a value computed once is shared within the
     * function, and what f_and_hessian needs (an inverse it cannot solve with) leaves
     * f_and_grad as it is without --hessian.
     */
    private static Blueprint.Function function(Blueprint.Entry entry, Request r, Derivation d, List<Derivative> derivatives) {
        List<Expr> roots = new ArrayList<>();
        roots.add(d.objective());
        for (Derivative x : derivatives) roots.add(x.expr());
        Lowering lowering = new Lowering(roots);
        List<Plan.Output> outputs = new ArrayList<>();
        // the derivatives first: the intermediates they read are simplified, the objective's are as written
        for (Derivative x : derivatives) outputs.add(new Plan.Output(x.kind(), x.variable(), lowering.lower(x.expr())));
        outputs.add(0, new Plan.Output(Kind.VALUE, null, lowering.lower(d.objective())));
        Map<Term, String> gradientNames = IdentityMaps.map();
        GradientNames.of(d, r.program()).forEach((h, e) -> {
            Term t = lowering.lowered(e);
            if (t != null && !Planner.trivial(t)) gradientNames.putIfAbsent(t, h);
        });
        return new Blueprint.Function(entry, Planner.plan(outputs, lowering.intermediates(), gradientNames, d.objectiveName()));
    }

    /** "linear-regression.mdiff" → "LinearRegression"; "Gradient" when nothing usable is left (or "point.mdiff"'s Point, a type the class declares). */
    public static String className(String source) {
        String base = source == null ? "" : source.replaceAll(".*[/\\\\]", "").replaceAll("\\.[^.]*$", "");
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                if (sb.length() == 0 && Character.isDigit(c)) sb.append('G');
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return sb.length() == 0 || !JavaClassName.valid(sb.toString()) ? "Gradient" : sb.toString();
    }

    /** matdiff's version, as the jar's manifest gives it ("dev" when run from classes). */
    public static String version() {
        String v = MatDiff.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
