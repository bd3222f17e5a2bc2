package dev.matdiff.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What every command reads: a program (FILE, - for stdin, or -e), the objective(s) (--of) and the variables (--wrt). */
final class ProgramOptions {

    /** The command this mixin is part of, for messages. */
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a matdiff program (- for standard input)")
    Path file;

    String expression;

    /** -e given twice is refused, not the first dropped (trial s69a): a FILE beside -e is refused too. */
    @Option(names = {"-e", "--expression"}, paramLabel = "EXPR", description = "a one-line expression instead of a FILE")
    void expression(String text) {
        if (expression != null)
            throw new picocli.CommandLine.ParameterException(command.commandLine(),
                    "-e is given twice: give one expression (name the first, NAME = …, to use it in the second), or write a program file");
        // a byte-order mark pasted with the text is not part of it, as in a file
        expression = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    @Option(names = "--wrt", split = ",", paramLabel = "X", description = "variables to differentiate with respect to")
    void wrt(List<String> names) { wrt = names.stream().map(String::strip).toList(); }  // --wrt "x, A" as --wrt x,A

    List<String> wrt;

    /** --of as given, "L,M"; given twice, --of L --of M, the two lists one after the other (as --wrt does). */
    String of;

    @Option(names = "--of", paramLabel = "NAME[,NAME...]", description = "the definition(s) to use (default: the last)")
    void of(String names) { of = names == null || of == null ? names : of + "," + names; }

    Inputs.Loaded load() {
        if ((file == null) == (expression == null))
            throw CliError.usage(command, file == null ? "give a program: a FILE (- for standard input) or -e 'EXPR'"
                    // a file spelt as an option came after --: the user meant the option
                    : file.toString().startsWith("-") && !file.toString().equals("-") ? Main.afterDashes(file.toString())
                    : "give either a FILE or -e 'EXPR', not both");
        return Inputs.load(file, expression, command);
    }

    /** The objectives --of names, in order (one null for the program's last definition). */
    List<String> objectives() {
        if (of == null) return Collections.singletonList(null);
        List<String> names = new ArrayList<>();
        for (String s : of.split(",", -1)) {
            String name = s.strip();
            if (name.isEmpty()) throw CliError.usage(command, "--of " + of + ": an empty name; give definitions separated by commas, --of L,M");
            if (!names.contains(name)) names.add(name);  // --of L --of L is --of L, as --wrt x,x is --wrt x
        }
        return names;
    }

    /**
     * A command that writes or times one objective (codegen, bench): its help shows --of taking one name, not several
     * (the option itself is the shared one, which {@link #oneObjective} then holds to one).
     */
    interface OneObjective {
        /** The command's --of as its help shows it, once its mixins are in (picocli adds them after a model transformer runs). */
        static void describe(CommandSpec spec) {
            picocli.CommandLine.Model.OptionSpec of = spec.findOption("--of");
            spec.remove(of);
            spec.addOption(picocli.CommandLine.Model.OptionSpec.builder(of).paramLabel("NAME")
                    .description("the definition to use (default: the last); one at a time").build());
        }
    }

    /** The one objective of a command that writes or times one (codegen, bench): --of's only name, or null for the last definition. */
    String oneObjective() {
        List<String> names = objectives();
        if (names.size() > 1)
            throw CliError.usage(command, "--of " + of + ": " + command.name() + " works on one objective at a time; run it once for each");
        return names.get(0);
    }

    /** The variables: --wrt, else the file's "# wrt:" comment, else every symbol the objective uses that is neither constant nor assumed about. */
    List<String> variables(Inputs.Loaded in) { return variables(in, of); }

    /** The same for one of several objectives. */
    List<String> variables(Inputs.Loaded in, String objective) {
        var program = in.matdiff().program();
        String where = " in " + in.source().name();
        requireObjective(in, objective);
        Inputs.against(in.source(), () -> program.objective(objective));  // nothing to differentiate is said before any --wrt name is looked for
        if (wrt != null && wrt.isEmpty())  // --wrt , splits into nothing, which would quietly mean every variable
            throw CliError.usage(command, "--wrt names no variable; give variables separated by commas, --wrt x,A");
        if (wrt != null)
            for (String name : wrt)
                if (name.isEmpty())
                    throw CliError.usage(command, "--wrt " + String.join(",", wrt) + ": an empty name; give variables separated by commas, --wrt x,A");
                else if (!program.variables().containsKey(name) && !program.definitions().containsKey(name))
                    throw CliError.usage(command, "--wrt " + name + ": there is no variable '" + name + "'" + where + notAVariable(program, name)
                            + (program.variables().isEmpty() ? "" : " (declared: " + String.join(", ", program.variables().keySet()) + ")"));
        return in.wrt(wrt, objective);
    }

    /** What a --wrt name that is no variable is instead: names separated by spaces, or a size. */
    private static String notAVariable(dev.matdiff.shapes.Program program, String name) {
        if (name.strip().contains(" ")) return spaced(program, name.strip().split("\\s+"));
        String size = program.sizeNote(name);
        return size == null ? "" : "; " + size;
    }

    /** "--wrt w y": the names to give with commas, those that can be differentiated, and why the others cannot. */
    private static String spaced(dev.matdiff.shapes.Program program, String[] names) {
        List<String> ok = new ArrayList<>(), not = new ArrayList<>();
        for (String n : names) {
            var v = program.variables().get(n);
            if (v != null && v.constant()) not.add(n + " is declared constant");
            else if (v == null && !program.definitions().containsKey(n)) not.add(java.util.Objects.requireNonNullElse(program.sizeNote(n), "there is no " + n));
            else ok.add(n);
        }
        String why = not.isEmpty() ? "" : " (" + String.join(", ", not) + ")";
        return ok.isEmpty() ? "; --wrt takes names separated by commas" + why : "; separate the names with commas, --wrt " + String.join(",", ok) + why;
    }

    /** A name the program does not have is a mistake on the command line, said as one. */
    private void requireObjective(Inputs.Loaded in, String objective) {
        var program = in.matdiff().program();
        if (objective != null && !program.definitions().containsKey(objective) && !program.variables().containsKey(objective))
            throw CliError.usage(command, "--of " + objective + ": there is no definition named '" + objective + "' in " + in.source().name()
                    + (program.definitions().isEmpty() ? "" : " (defined: " + String.join(", ", program.definitions().keySet()) + ")"));
    }

    /** As {@link #variables}, but empty rather than an error for an objective of constants when none was asked for (eval's value alone). */
    List<String> variablesOrNone(Inputs.Loaded in, String objective) {
        requireObjective(in, objective);
        boolean noneAsked = wrt == null || wrt.isEmpty();
        return noneAsked && Inputs.against(in.source(), () -> in.matdiff().program().defaultWrt(objective)).isEmpty()
                ? List.of() : variables(in, objective);
    }

}
