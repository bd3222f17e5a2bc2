package dev.matdiff.codegen;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Program;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Code to paste: a derivation as a module in NumPy, PyTorch or Java that computes the objective
 * and its gradients, checks its arguments' shapes, and checks itself against finite differences.
 * <pre>{@code
 * MatDiff m = MatDiff.parse(text);
 * String python = CodeGen.generate(new CodeGen.Request(m.program(), text, "lr.mdiff", null, Language.NUMPY), m.derive("w"));
 * }</pre>
 * The pipeline: {@link Lowering} (numerically sound forms, product order), {@link Planner} (what is
 * computed once, under which name), then one emitter per language. Bad input (a variable that is
 * an intermediate, a size no argument carries) is a {@link MatDiffException}.
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
                        + "' is an intermediate (declare it as a symbol instead)", Pos.NONE);
        Blueprint b = blueprint(r, d);
        return switch (r.language()) {
            case NUMPY, TORCH -> new PythonEmitter(b, r.language()).module();
            case JAVA -> new JavaEmitter(b).module();
        };
    }

    static Blueprint blueprint(Request r, Derivation d) {
        List<Expr> roots = d.objectiveAndGradients();
        Lowering lowering = new Lowering(roots);
        List<Plan.Output> outputs = new ArrayList<>();
        outputs.add(new Plan.Output(null, lowering.lower(d.objective())));
        for (Map.Entry<Expr.Var, Expr> g : d.gradientsByVariable().entrySet())
            outputs.add(new Plan.Output(g.getKey(), lowering.lower(g.getValue())));
        Map<Term, String> gradientNames = new IdentityHashMap<>();
        GradientNames.of(d, r.program()).forEach((h, e) -> {
            Term t = lowering.lowered(e);
            if (t != null && !Planner.trivial(t)) gradientNames.putIfAbsent(t, h);
        });
        Plan plan = Planner.plan(outputs, lowering.intermediates(), gradientNames, d.objectiveName());

        List<Expr.Var> arguments = new ArrayList<>(r.program().variables().values());
        Map<String, Integer> sizes = RandomData.sizes(arguments, roots, Map.of());
        return new Blueprint(Header.of(r, d), new Signature(arguments), List.of(new Blueprint.Function(Blueprint.Entry.F_AND_GRAD, plan)),
                d.wrt(), d.objectiveName(), sizes, r.className() != null ? r.className() : className(r.sourceName()));
    }

    /** "linear-regression.mdiff" → "LinearRegression"; "Gradient" when nothing usable is left. */
    static String className(String source) {
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
        return sb.length() == 0 || Identifiers.JAVA.contains(sb.toString()) ? "Gradient" : sb.toString();
    }

    /** matdiff's version, as the jar's manifest gives it ("dev" when run from classes). */
    public static String version() {
        String v = MatDiff.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
