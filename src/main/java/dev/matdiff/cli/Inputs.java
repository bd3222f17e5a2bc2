package dev.matdiff.cli;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Reading the program a command works on, and reporting its errors against the right text. */
final class Inputs {
    private Inputs() {}

    static Source read(Path file) {
        try {
            return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CliError(file + ": not UTF-8 text", 2);
        } catch (IOException e) {
            throw new CliError(file + ": cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 2);
        }
    }

    /** The program of a FILE argument, or of -e EXPR. */
    static Loaded load(Path file, String expression) {
        if ((file == null) == (expression == null))
            throw new CliError("give either a FILE or -e 'EXPR'", 2);
        Source source = file != null ? read(file) : new Source("<expr>", expression);
        MatDiff m = against(source, () -> file != null ? MatDiff.parse(source) : MatDiff.parseExpression(source));
        return new Loaded(source, m);
    }

    record Loaded(Source source, MatDiff matdiff) {

        /** The variables asked for, else the file's "# wrt:" comment, else every symbol the objective varies with. */
        List<String> wrt(List<String> asked, String objective) {
            if (asked != null && !asked.isEmpty()) return asked;
            List<String> hint = matdiff.program().wrtHint();
            if (!hint.isEmpty()) return hint;
            Expr body = against(source, () -> matdiff.program().objective(objective).body());
            List<String> out = new ArrayList<>();
            for (Expr.Var v : Dag.variables(body)) if (!matdiff.program().variables().get(v.name()).constant()) out.add(v.name());
            if (out.isEmpty()) throw new CliError(source.name() + ": the objective has no variable to differentiate; name one with --wrt", 2);
            return out;
        }

        <T> T run(Supplier<T> step) { return against(source, step); }

        /** Like run, but an error with no place of its own (a singular matrix, say) is reported at the objective's definition. */
        <T> T runAt(String objective, Supplier<T> step) {
            return run(() -> {
                try {
                    return step.get();
                } catch (MatDiffException e) {
                    if (e.pos().line() > 0) throw e;
                    Pos where = matdiff.program().position(matdiff.program().objective(objective).name());
                    throw new MatDiffException(e.getMessage(), where.line() > 0 ? where : new Pos(1, 0, 0, 0));
                }
            });
        }
    }

    /** Runs a step whose MatDiffExceptions are positions in {@code source}. */
    static <T> T against(Source source, Supplier<T> step) {
        try {
            return step.get();
        } catch (MatDiffException e) {
            throw new CliError(e.format(source), 2);
        }
    }
}
