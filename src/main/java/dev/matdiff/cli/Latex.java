package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.latex.LatexPrinter;
import dev.matdiff.latex.LatexWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's LaTeX output: a whole document by default, a fragment for pasting on request. */
final class Latex {
    private Latex() {}

    static String expression(Expr e) { return LatexPrinter.print(e); }

    /** Writes the document (or fragment) to {@code target}, or returns it when the target is "-". */
    static String write(Derivation d, String target, boolean fragment) { return write(java.util.List.of(d), target, fragment); }

    /** The same for the derivations of several objectives, one after the other. */
    static String write(java.util.List<Derivation> ds, String target, boolean fragment) {
        String text = fragment ? LatexWriter.fragment(ds) : LatexWriter.standalone(ds);
        if (target == null || target.equals("-")) return text;
        try {
            Files.writeString(Path.of(target), text, StandardCharsets.UTF_8);
            return "";
        } catch (IOException | RuntimeException e) {
            throw CliError.cannotWrite(target, e);
        }
    }
}
