package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.SelfCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "derive", description = "Print the derivation of the gradient, step by step.", mixinStandardHelpOptions = true)
final class DeriveCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    enum Layout { gradient, numerator }

    @Option(names = "--hessian", description = "also the Hessian H of a scalar objective: d²f = vec(dX)ᵀ H vec(dX)")
    boolean hessian;

    @Option(names = "--hvp", description = "also the Hessian applied to a direction V of X's shape, as an expression in X and V")
    boolean hvp;

    @Option(names = "--vec", description = "derive a gradient through vec and Kronecker products (∂f/∂h · ∂h/∂vec(X), devectorised), as seeds 002 and 004 do")
    boolean vec;

    @Option(names = "--layout", defaultValue = "gradient", paramLabel = "gradient|numerator",
            description = "gradient (default: ∇_X f, in X's shape) or numerator (∂f/∂X, the gradient transposed, as some texts write it)")
    Layout layout;

    @Option(names = "--steps", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "print the derivation step by step (default), or only the gradients (--no-steps)")
    boolean steps;

    @Option(names = "--stages", negatable = true,
            description = "derive layer by layer through the program's named intermediates (the default, but for --json), or all at once (--no-stages)")
    Boolean stages;

    @Option(names = "--latex", arity = "0..1", fallbackValue = "-", paramLabel = "OUT.tex",
            description = "write the derivation as a LaTeX document (to OUT.tex, or stdout)")
    String latex;

    @Option(names = "--latex-standalone", hidden = true, description = "the same as --latex")
    boolean latexStandalone;

    @Option(names = "--latex-fragment", description = "with --latex: only the align* blocks, for pasting into a document")
    boolean latexFragment;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--self-check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "check the result against finite differences on small random data before printing it (default)")
    boolean selfCheck;

    /** Staged unless asked otherwise; JSON defaults to one derivation, whose every expression parses back (no ∇h symbols). */
    private boolean staged() { return stages != null ? stages : !json; }

    @Override
    public Integer call() {
        Inputs.Loaded in = program.load();
        List<String> variables = program.variables(in);
        Deriver.Options options = Deriver.Options.DEFAULT.with(staged() ? Deriver.Mode.STAGED : Deriver.Mode.EXPANDED)
                .withSecondOrder(hessian, hvp).withNumeratorLayout(layout == Layout.numerator).withVecRoute(vec);
        Derivation d = in.run(() -> in.matdiff().derive(program.of, variables, options));
        SelfCheck check = selfCheck ? in.run(() -> SelfCheck.run(d)) : SelfCheck.SKIPPED;
        if (check.failed())
            throw new CliError("matdiff: SELF-CHECK FAILED: the derived gradient disagrees with finite differences ("
                    + check.detail() + "); not printing it. Please report this input.", 1);
        var out = spec.commandLine().getOut();
        if (latex != null || latexStandalone || latexFragment) out.print(Latex.write(d, latex, latexFragment));
        else if (json) out.print(Json.derivation(d, check));
        else out.print(DerivationText.render(d, steps));
        out.flush();
        return 0;
    }
}
