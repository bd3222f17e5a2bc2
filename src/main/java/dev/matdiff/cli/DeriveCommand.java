package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.check.SelfCheck;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;

@Command(name = "derive", description = "Print the derivation of the gradient, step by step.", mixinStandardHelpOptions = true, versionProvider = Main.Version.class)
final class DeriveCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    enum Layout { gradient, numerator }

    @Option(names = "--hessian", description = "also the Hessian H of a scalar objective: d²f = vec(dX)ᵀ H vec(dX)")
    boolean hessian;

    @Option(names = "--hvp", description = "also the Hessian applied to a direction V of X's shape, as an expression in X and V")
    boolean hvp;

    @Option(names = "--vec", description = "derive a gradient through vec and Kronecker products (∂f/∂h · ∂h/∂vec(X), devectorised), as dokuDoku's The Core of Backprop 2 does")
    boolean vec;

    @Option(names = "--layout", defaultValue = "gradient", paramLabel = "gradient|numerator",
            description = "gradient (default: ∇_X f, in X's shape) or numerator (∂f/∂X, the gradient transposed, as some texts write it)")
    Layout layout;

    @Option(names = "--steps", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "print the derivation step by step (default), or only the gradients (--no-steps; in LaTeX too, and in "
                    + "JSON, whose \"steps\" are then the read-off steps alone, each with its result's LaTeX)")
    boolean steps;

    @Option(names = "--stages", negatable = true,
            description = "derive layer by layer through the program's named intermediates (the default, but for --json), or all at once (--no-stages)")
    Boolean stages;

    @Option(names = "--latex", arity = "0..1", fallbackValue = "-", paramLabel = "OUT.tex", preprocessor = LatexTarget.class,
            description = "write the derivation as a LaTeX document to OUT.tex (a name ending in .tex; --latex=NAME for any other), "
                    + "or to stdout (no file, or -)")
    String latex;

    @Option(names = "--latex-standalone", hidden = true, description = "the same as --latex")
    boolean latexStandalone;

    @Option(names = "--latex-fragment", description = "LaTeX of just the blocks (an align* per phase, a gather* of the results), for pasting into a document (with --latex FILE: to the file)")
    boolean latexFragment;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--self-check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "check the result against finite differences on small random data before printing it (default)")
    boolean selfCheck;

    /**
     * --latex takes an optional file: the next argument is that file only if it is "-" or ends in
     * .tex, so "--latex --json" and "--latex prog.mdiff" leave the next argument alone (the program,
     * another option) and write the LaTeX to stdout.
     */
    static final class LatexTarget implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if (!" ".equals(info.get("separator"))) return false;  // --latex=NAME: the name as given
            if (!args.isEmpty() && (args.peek().equals("-") || args.peek().toLowerCase(Locale.ROOT).endsWith(".tex"))) return false;
            argSpec.setValue("-");
            return true;
        }
    }

    /**
     * Staged unless asked otherwise; JSON defaults to one derivation, whose every expression parses back (no ∇h symbols),
     * and takes the stages only where that one piece is too large to derive.
     */
    private boolean staged() { return stages != null ? stages : !json; }

    private boolean wantsLatex() { return latex != null || latexStandalone || latexFragment; }

    /** Where the LaTeX goes: a file, or "-" for stdout. */
    private String latexTarget() { return latex == null ? "-" : latex; }

    /**
     * Whether some variable's gradient reads another of them, so a mixed block can be other than zero: for
     * sum(x.^2) + sum(y.^3) the blocks given are the whole Hessian and there is nothing to say.
     */
    private static boolean coupled(Derivation d) {
        for (var g : d.gradientsByVariable().entrySet())
            for (Expr.Var other : d.wrt())
                if (!other.name().equals(g.getKey().name()) && Dag.any(g.getValue(), e -> e instanceof Expr.Var v && v.name().equals(other.name()))) return true;
        return false;
    }

    /** With several variables, --hessian and --hvp give each one's own block: said, since V_w and V_b read like one joint direction. */
    private String blocksNote(Derivation d) {
        List<String> names = d.wrt().stream().map(Expr.Var::name).toList();
        return (hessian ? "--hessian" : "--hvp") + " gives each variable's own block, the others held fixed ("
                + String.join(", ", names.stream().map(x -> "∇²_" + x).toList()) + "); the mixed "
                + (names.size() == 2 ? "∂²" + d.objectiveName() + "/∂" + names.get(0) + "∂" + names.get(1) + " is" : "blocks between them are")
                + " not included: " + (names.size() == 2 ? "it is the Jacobian of ∇_" + names.get(0) + " with respect to " + names.get(1)
                        + " (write that gradient as the objective, F = …, and derive F --wrt " + names.get(1) + ")"
                        : "each is the Jacobian of one printed gradient with respect to another variable (write the gradient as the "
                        + "objective, F = …, and derive F --wrt that variable)")
                + "; for the joint Hessian, make one variable of them";
    }

    @Override
    public Integer call() {
        checkOptions();
        Inputs.Loaded in = program.load();
        PrintWriter err = spec.commandLine().getErr();
        List<Derivation> derivations = new ArrayList<>();
        List<SelfCheck> checks = new ArrayList<>();
        List<String> staged = new ArrayList<>();  // the objectives JSON gives in stages, being too large in one piece
        for (String objective : program.objectives()) {
            List<String> variables = program.variables(in, objective);
            Deriver.Options options = Deriver.Options.DEFAULT.with(staged() ? Deriver.Mode.STAGED : Deriver.Mode.EXPANDED)
                    .withSecondOrder(hessian, hvp).withNumeratorLayout(layout == Layout.numerator).withVecRoute(vec);
            boolean[] inStages = {false};
            Derivation d = in.run(() -> {
                try {
                    return in.matdiff().derive(objective, variables, options);
                } catch (dev.matdiff.source.TooLargeException e) {
                    // JSON's one piece grew past a budget that layer by layer stays under (a 2,048-block residual network's
                    // sums repeat every block's terms): its stages, with grad_h symbols, rather than no answer (trial s66b);
                    // a Hessian's second pass is the same either way
                    if (stages != null || !json || hessian || hvp) throw e;
                    inStages[0] = true;
                    return in.matdiff().derive(objective, variables, options.with(Deriver.Mode.STAGED));
                }
            });
            if (inStages[0]) staged.add(d.objectiveName());
            SelfCheck check = selfCheck ? in.run(() -> SelfCheck.run(d)) : SelfCheck.SKIPPED;
            if (check.failed())
                throw new CliError("matdiff: SELF-CHECK FAILED: the derivative derived for " + d.objectiveName()
                        + " disagrees with settled finite differences (" + check.detail() + "); not printing it. Please report this input.", 1);
            derivations.add(steps ? d : d.resultsOnly());
            checks.add(check);
        }
        var out = spec.commandLine().getOut();
        if (wantsLatex()) out.print(Latex.write(derivations, latexTarget(), latexFragment));
        java.util.Set<String> madeUp = madeUpNames(in.matdiff().program());
        if (json) out.print(Json.derivations(derivations, checks, layout == Layout.numerator, madeUp));
        else if (!wantsLatex()) {
            for (int i = 0; i < derivations.size(); i++)
                out.print((i > 0 ? "\n" : "") + DerivationText.render(derivations.get(i), steps, layout == Layout.numerator, madeUp));
            out.print(DerivationText.citations(derivations, steps));
        }
        out.flush();
        in.notes().forEach(n -> Notes.print(err, n));
        String sizes = in.inferredSizes(derivations);
        if (sizes != null) Notes.print(err, sizes);
        for (Derivation d : derivations) if ((hessian || hvp) && d.wrt().size() > 1 && d.hasHigher() && coupled(d)) Notes.print(err, blocksNote(d));
        String unread = program.of == null ? unreadLoss(in.matdiff().program()) : null;
        if (unread != null) Notes.print(err, unread);
        for (String name : staged)
            Notes.print(err, name + " is too large to derive in one piece, so JSON gives it layer by layer, as --stages does: the "
                    + "gradient reaching an intermediate h is grad_h, given by the step whose \"lhs\" it is");
        for (int i = 0; i < checks.size(); i++) {
            String note = checks.get(i).note();
            if (note != null) Notes.print(err, (derivations.size() > 1 ? derivations.get(i).objectiveName() + ": " : "") + note);
        }
        return 0;
    }

    /**
     * The name matdiff gave a bare expression (-e 'softmax(x)' is f), which no statement of the program defines: a Jacobian
     * that reads the objective's value by it is given its definition in JSON's "where" (trials s63a, s63b). Empty for a
     * program whose objective the user named.
     */
    private static java.util.Set<String> madeUpNames(dev.matdiff.shapes.Program program) {
        java.util.Set<String> madeUp = new java.util.HashSet<>(program.definitions().keySet());
        madeUp.removeIf(program::namedByUser);
        return madeUp;
    }

    /**
     * A scalar definition the objective does not read, where the objective is a vector or a matrix: a line appended after
     * the loss made itself the objective, and derive printed its Jacobians (trial s69c). Null otherwise.
     */
    private static String unreadLoss(dev.matdiff.shapes.Program program) {
        Expr.Named objective = program.objective(null);
        if (objective.shape().isScalar()) return null;
        java.util.Set<Expr.Named> read = dev.matdiff.expr.IdentityMaps.set();
        read.addAll(Dag.named(List.of(objective.body())));
        for (Expr.Named d : program.definitions().values())
            if (d != objective && d.shape().isScalar() && !read.contains(d) && program.namedByUser(d.name()))
                return d.name() + " is a scalar that the objective " + objective.name() + " (the last definition) does not use: "
                        + "--of " + d.name() + " derives its gradient";
        return null;
    }

    /** Combinations that cannot all be done are refused before any work, in one line. */
    private void checkOptions() {
        if (latex != null && latex.isEmpty())
            throw CliError.usage(spec, "--latex=: the file name is empty; give --latex=notes.tex, or --latex alone for standard output");
        if (json && wantsLatex() && latexTarget().equals("-"))
            throw CliError.usage(spec, "--json and --latex without a file both print to standard output; "
                    + "give --latex a file (--latex out.tex) to have both");
        if (latexStandalone && latexFragment)
            throw CliError.usage(spec, "--latex-standalone and --latex-fragment ask for different LaTeX; give one");
    }
}
