package dev.matdiff.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** What every command reads: a program (FILE or -e), the objective (--of) and the variables (--wrt). */
final class ProgramOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a matdiff program")
    Path file;

    @Option(names = {"-e", "--expression"}, paramLabel = "EXPR", description = "a one-line expression instead of a FILE")
    String expression;

    @Option(names = "--wrt", split = ",", paramLabel = "X", description = "variables to differentiate with respect to")
    List<String> wrt;

    @Option(names = "--of", paramLabel = "NAME", description = "the definition to use (default: the last)")
    String of;

    Inputs.Loaded load() { return Inputs.load(file, expression); }

    /** The variables: --wrt, else the file's "# wrt:" comment, else every non-constant symbol the objective uses. */
    List<String> variables(Inputs.Loaded in) { return in.wrt(wrt, of); }
}
