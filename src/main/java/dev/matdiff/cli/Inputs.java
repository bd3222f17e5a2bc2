package dev.matdiff.cli;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.AssumedData;
import dev.matdiff.data.ProgramData;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;
import dev.matdiff.source.Excerpt;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Reading the program a command works on, and reporting its errors against the right text. */
final class Inputs {
    private Inputs() {}

    /** The name "-" stands for standard input. */
    static final String STDIN = "-";

    /**
     * A file's text (standard input's for "-"), decoded as UTF-8 without a leading byte-order mark
     * (editors on Windows write one; it is not part of the program).
     */
    /** {@code option}: the option that named the file ("--data"), or "" for the program's. */
    static Source read(Path file, picocli.CommandLine.Model.CommandSpec command, String option) {
        boolean stdin = file.toString().equals(STDIN);
        String name = stdin ? "<stdin>" : file.toString();
        // Path.of("") is the working directory: an empty argument would read as "Is a directory"
        if (name.isEmpty()) throw CliError.usage(command, (option.isEmpty() ? "" : option + " '': ") + "an empty file name: give a file, or - for standard input");
        try {
            byte[] bytes = stdin ? System.in.readAllBytes() : Files.readAllBytes(file);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
            java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(in, out, true);
            String text = out.flip().toString();
            if (result.isError()) {
                // located at the first byte that is not UTF-8, with the text read up to it as its line
                String[] lines = text.split("\r\n|\r|\n", -1);  // as Source counts them
                Pos at = new Pos(lines.length, lines[lines.length - 1].length(), -1, -1);
                throw new CliError(new MatDiffException("not UTF-8 text (byte " + in.position() + " is 0x"
                        + String.format("%02x", bytes[in.position()] & 0xff) + ")", at).format(new Source(name, text)), 2);
            }
            return new Source(name, text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException e) {
            throw CliError.cannotRead(shown(name), e);
        }
    }

    /** A file's name as an error shows it: a name with an escape sequence or a newline in it cannot rewrite the terminal. */
    private static String shown(String name) { return Excerpt.printable(name); }

    /** The program of a FILE argument, or of -e EXPR. */
    static Loaded load(Path file, String expression, picocli.CommandLine.Model.CommandSpec command) {
        if ((file == null) == (expression == null))
            throw new CliError("give either a FILE or -e 'EXPR'", 2);
        Source source = file != null ? read(file, command, "") : new Source("<expr>", expression);
        MatDiff m = against(source, () -> file != null ? MatDiff.parse(source) : MatDiff.parseExpression(source));
        return new Loaded(source, m);
    }

    record Loaded(Source source, MatDiff matdiff) {

        /**
         * What the user should know about how a one-line expression was read: a name implied by its
         * first letter that looks like a constant it is not (I, e, pi); and of any program, what {@link ReadingNotes} says.
         */
        List<String> notes() {
            List<String> notes = new ArrayList<>();
            List<String> scalars = new ArrayList<>();
            boolean scalarTransposed = false, scalarAfterRow = false;
            for (String name : matdiff.program().implied())
                switch (name) {
                    case "I" -> notes.add("in -e, I is a matrix variable like any capital letter, not the identity; write eye(n) for the identity");
                    case "e" -> notes.add("in -e, e is a scalar variable like a–g, not Euler's number; write exp(1) for that");
                    case "pi" -> notes.add("in -e, pi is a vector variable like any name from h to z: " + dev.matdiff.expr.Greek.piAdvice("pi"));
                    default -> {
                        boolean scalarObjective = matdiff.program().objective(null).shape().isScalar();
                        // lambda*sum(x) is then a vector objective, and derive quietly gives its Jacobian
                        if (VarKind.readAsScalar(name) && !scalarObjective)
                            notes.add("in -e, " + name + " is a column vector like any lowercase name after g, which makes the expression a vector;"
                                    + " write 'scalar " + name + "; ' before it if " + name + " is a scalar");
                        // a transposed a–g name, or one a matrix multiplies (X*b), is likely a vector; c in c*a'*X*b is not
                        if (VarKind.fromInitial(name) == VarKind.SCALAR && !scalarObjective) {
                            boolean transposed = transposed(name);
                            if (transposed || followsTranspose(name) || followsMatrix(name)) scalars.add(name);
                            scalarTransposed |= transposed;
                            scalarAfterRow |= followsTranspose(name) || followsMatrix(name) && inRowChain(name);
                        }
                    }
                }
            notes.addAll(new ReadingNotes(matdiff.program()).all());
            // constant Beta is a matrix by its letter, which the file never said: a matrix objective then has Jacobians
            boolean scalarObjective = matdiff.program().objective(null).shape().isScalar();
            for (String name : matdiff.program().variables().keySet())
                if (!scalarObjective && matdiff.program().kindlessConstants().contains(name) && VarKind.fromInitial(name) != VarKind.SCALAR)
                    notes.add("'constant " + name + "' declares no kind, so " + name + " is a " + VarKind.fromInitial(name).keyword()
                            + " by its first letter, and the objective is not a scalar; write 'scalar " + name + " constant' if " + name + " is a scalar");
            // the Cookbook's a'*X*b, whose a and b are vectors, is a matrix when they are scalars: one note names them all
            if (scalarTransposed || scalarAfterRow) {
                String names = String.join(", ", scalars), they = scalars.size() == 1 ? names + " is a vector" : "they are vectors";
                notes.add("in -e, " + (scalars.size() == 1 ? names + " is a scalar" : names + " are scalars") + " like any name from a to g"
                        + (scalarTransposed ? " (so " + scalars.get(0) + "' is " + scalars.get(0) + ")" : "")
                        + ", and the expression is not a scalar; write 'vector " + names + "; ' before it if " + they);
            }
            return notes;
        }

        /**
         * The sizes inference gave the variables ("matrix X(n, m); vector w(m), y(n)"), when a result names one the program
         * never wrote (mean's /n, ones(n) of a matrix B declared without its sizes): the result then reads back with these
         * declarations. Null otherwise.
         */
        String inferredSizes(List<Derivation> derivations) {
            List<Expr> shown = new ArrayList<>();
            for (Derivation d : derivations) d.results().forEach(r -> shown.add(r.expr()));
            java.util.Set<String> named = new java.util.TreeSet<>();
            for (Expr e : Dag.postOrder(shown))
                if (e instanceof Expr.Node n && n.args().isEmpty())
                    for (Dim d : List.of(n.shape().rows(), n.shape().cols())) if (d.symbols() != null) named.addAll(d.symbols());
            java.util.Set<String> written = new java.util.HashSet<>();
            // every name the program writes, in one walk (the predicate never holds, so the walk reads every part)
            anyTerm(t -> t instanceof Syntax.Name name && written.add(name.name()) && false);
            if (written.containsAll(named)) return null;
            // one declaration a kind, as the user would write them: "matrix X(n, m); vector w(m), y(n)"
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            for (Expr.Var v : matdiff.program().variables().values()) {
                if (v.kind() == VarKind.SCALAR) continue;
                String keyword = v.kind().keyword();
                byKind.computeIfAbsent(keyword, k -> new ArrayList<>()).add(v.declaration().substring(keyword.length() + 1));
            }
            if (byKind.isEmpty()) return null;
            List<String> declarations = new ArrayList<>();
            byKind.forEach((kind, names) -> declarations.add(kind + " " + String.join(", ", names)));
            return (matdiff.program().implied().isEmpty() ? "" : "in -e, ") + "the sizes are inferred: " + String.join("; ", declarations);
        }

        /** Whether the one-line expression writes name' (a transpose of the name itself), read from its syntax. */
        private boolean transposed(String name) { return anyTerm(t -> t instanceof Syntax.Transpose tr && isName(tr.operand(), name)); }

        /** Whether the one-line expression multiplies a matrix by the name, X*b (a capital is a matrix in -e). */
        private boolean followsMatrix(String name) {
            return follows(name, before -> before instanceof Syntax.Name m && VarKind.fromInitial(m.name()) == VarKind.MATRIX);
        }

        /** Whether the one-line expression multiplies a transpose by the name, x'*a: the Cookbook's xᵀa, whose a is a vector. */
        private boolean followsTranspose(String name) { return follows(name, before -> before instanceof Syntax.Transpose); }

        /** Whether the name ends a product that starts with a transpose, x'*X*a: the Cookbook's xᵀXa (review s73r). */
        private boolean inRowChain(String name) {
            return anyTerm(t -> t instanceof Syntax.Chain c && c.operands().get(0) instanceof Syntax.Transpose
                    && isName(c.operands().get(c.operands().size() - 1), name));
        }

        private boolean follows(String name, java.util.function.Predicate<Syntax.Term> before) {
            return anyTerm(t -> t instanceof Syntax.Chain c && java.util.stream.IntStream.range(1, c.operands().size()).anyMatch(i ->
                    c.ops().get(i - 1).equals("*") && isName(c.operands().get(i), name) && before.test(c.operands().get(i - 1))));
        }

        private static boolean isName(Syntax.Term t, String name) { return t instanceof Syntax.Name n && n.name().equals(name); }

        /** Whether some part of the expression, of a definition or of a declared size as written is such a term. */
        private boolean anyTerm(java.util.function.Predicate<Syntax.Term> is) {
            for (Syntax.Statement s : dev.matdiff.syntax.Parser.parse(source).statements()) {
                if (s instanceof Syntax.Bare b && anyPart(b.body(), is) || s instanceof Syntax.Definition d && anyPart(d.body(), is)) return true;
                if (s instanceof Syntax.Declaration d && d.items().stream().anyMatch(i -> i.dims().stream().anyMatch(t -> anyPart(t, is)))) return true;
            }
            return false;
        }

        private static boolean anyPart(Syntax.Term t, java.util.function.Predicate<Syntax.Term> is) {
            return is.test(t) || Syntax.parts(t).stream().anyMatch(part -> anyPart(part, is));
        }

        /**
         * " (the 'constant' ending line 2 makes every name declared there constant: w, y)" where a declaration of
         * several names ends with constant, else "": 'vector w(n), y(m) constant' reads as if only y were.
         */
        String sharedConstant() {
            var program = matdiff.program();
            Map<Integer, List<String>> byLine = new java.util.TreeMap<>();
            // the names a trailing 'constant' holds with others, as the declarations read (not 'constant' after each name)
            for (String v : program.variables().keySet())
                if (program.constantWithOthers().contains(v)) byLine.computeIfAbsent(program.position(v).line(), k -> new ArrayList<>()).add(v);
            if (byLine.isEmpty()) return "";
            var first = byLine.entrySet().iterator().next();
            return " (the 'constant' ending line " + first.getKey() + " makes every name declared there constant: "
                    + String.join(", ", first.getValue()) + ")";
        }

        /** The variables asked for, else the file's "# wrt:" comment, else every symbol the objective varies with. */
        List<String> wrt(List<String> asked, String objective) {
            if (asked != null && !asked.isEmpty()) return asked;
            return against(source, () -> {
                List<String> out = matdiff.program().defaultWrt(objective);
                if (out.isEmpty()) {
                    String name = matdiff.program().objective(objective).name();
                    matdiff.program().requireNoVariableHeldByAnAssumption(objective);
                    List<String> unread = matdiff.program().unreadVariables(objective);
                    String advice = unread.isEmpty() ? "declare the one to differentiate without 'constant', or name an intermediate with --wrt"
                            : "--wrt " + String.join(",", unread) + " gives " + (unread.size() == 1 ? "its gradient" : "their gradients") + ", zero";
                    throw new MatDiffException("'" + name + "' has no variable to differentiate " + matdiff.program().whyNoVariable(name) + "; "
                            + advice + sharedConstant(),
                            matdiff.program().position(name));
                }
                return out;
            });
        }

        <T> T run(Supplier<T> step) {
            return against(source, () -> {
                try {
                    return step.get();
                } catch (MatDiffException e) {
                    String hint = e instanceof dev.matdiff.numeric.NumericException ? null : nonScalarHint(e.getMessage());
                    if (hint == null) throw e;
                    throw new MatDiffException(e.getMessage() + "; " + hint, e.pos());
                }
            });
        }

        /**
         * A non-scalar objective in a one-line expression with a name a–g in it: that name is a
         * scalar only because of its first letter (b'*A*b is a matrix), which is worth saying.
         */
        private String nonScalarHint(String message) {
            if (message == null || !message.contains(", not a scalar")) return null;
            for (String name : matdiff.program().implied())
                if (dev.matdiff.expr.VarKind.fromInitial(name) == dev.matdiff.expr.VarKind.SCALAR)
                    return dev.matdiff.expr.VarKind.impliedHint(name, "vector", false);
            return null;
        }

        /**
         * Like run, but an error with no place of its own (a value that does not exist) is reported
         * where the user wrote the expression that failed (log(x) on line 2), named as they wrote
         * it; failing that (a node of a gradient), at the objective's definition.
         */
        <T> T runAt(String objective, Supplier<T> step) {
            return run(() -> {
                try {
                    return step.get();
                } catch (MatDiffException e) {
                    if (e.pos().line() > 0) throw e;
                    var program = matdiff.program();
                    if (e instanceof dev.matdiff.numeric.NumericException n && n.node() != null && program.origin(n.node()) != null)
                        throw new MatDiffException(asWritten(e.getMessage(), n.node()), program.origin(n.node()));
                    Pos where = program.position(program.objective(objective).name());
                    throw new MatDiffException(e.getMessage(), where.line() > 0 ? where : new Pos(1, 0, 0, 0));
                }
            });
        }

        /** The message with the failing expression, and its arguments, named as the user wrote them rather than as printed. */
        private String asWritten(String message, Expr node) {
            var program = matdiff.program();
            String out = message;
            String printed = TextPrinter.print(node), written = program.written(program.origin(node));
            if (written != null) out = out.replace(printed + ": ", written + ": ");
            if (node instanceof Expr.Node n)
                for (Expr arg : n.args()) {
                    String a = program.written(program.origin(arg));
                    if (a != null) out = out.replace(" of " + TextPrinter.print(arg) + " is ", " of " + a + " is ")
                            .replace(": " + TextPrinter.print(arg) + " is ", ": " + a + " is ");
                }
            return out;
        }
    }

    /** What to say of the data's names that the program has not (one data file for several programs), or null. */
    static String unknownKeys(Loaded in, Source dataSource, Data data) {
        List<String> unknown = dev.matdiff.data.ProgramData.unknownKeys(in.matdiff().program(), data);
        if (unknown.isEmpty()) return null;
        String listed = Listed.names(unknown, "'");  // 100,000 of them were one 989 KB line (trial s75c)
        return dataSource.name() + " gives " + (unknown.size() == 1 ? "a value for " + listed + ", which the program does not declare: it is"
                : "values for " + listed + ", which the program does not declare: they are") + " not used";
    }

    /**
     * The data given for a derivation, bound to the program's symbols and checked against its
     * assumptions: {@code eval} and {@code check} refuse data that breaks one alike (a check at such
     * a point would blame a right gradient).
     */
    static Bindings bindData(Loaded in, Derivation d, Source dataSource, Data data) {
        // a value the data lacks has no place in the data: the error stands at the symbol's declaration
        for (String name : ProgramData.required(in.matdiff().program(), d.objectiveAndGradients()))
            if (!data.values().containsKey(name))
                throw new CliError(new MatDiffException("no value for '" + name + "' in " + dataSource.name()
                        + dev.matdiff.numeric.Bindings.misspelt(name, in.matdiff().program().variables().keySet(), data.values().keySet()),
                        in.matdiff().program().position(name)).format(in.source()), 2);
        Bindings at = against(dataSource, () -> ProgramData.bind(in.matdiff().program(), d.objectiveAndGradients(), data));
        against(dataSource, () -> { AssumedData.check(at, d.assumptions(), data::position); return null; });
        return at;
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
