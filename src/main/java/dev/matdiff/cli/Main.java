package dev.matdiff.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The command line. Everything runs on a thread with a large stack, so deeply nested input is
 * handled (or refused with a message) instead of ending in a StackOverflowError.
 */
@Command(name = "matdiff", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Symbolic matrix differentials with textbook derivations.")
public final class Main implements Runnable {

    /** The commands, in the order --help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> c = new LinkedHashMap<>();
        c.put("derive", DeriveCommand::new);
        c.put("eval", EvalCommand::new);
        c.put("check", CheckCommand::new);
        c.put("bench", BenchCommand::new);
        c.put("codegen", CodegenCommand::new);
        // "matdiff help derive" is how many tools are asked; picocli's own help command answers it
        c.put("help", CommandLine.HelpCommand::new);
        return c;
    }

    static final long STACK_BYTES = 2L << 30;

    public static void main(String[] args) {
        // numbers are printed as the language writes them, 6.28e-13, whatever the user's locale (de_DE printed 6,28e-13)
        java.util.Locale.setDefault(java.util.Locale.ROOT);
        int[] code = {0};
        // stdout straight to its file descriptor, so that a write that fails (a closed pipe, a full
        // disk) is seen with its reason instead of vanishing inside System.out
        Output stdout = new Output(new java.io.FileOutputStream(java.io.FileDescriptor.out));
        Runnable command = () -> code[0] = run(stdout, args);
        Thread worker = started(command);
        if (worker == null) command.run();  // no room for a thread at all: run here, deep input then refused sooner
        else
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code[0] = 2;
            }
        System.exit(code[0]);
    }

    /**
     * The command on a thread with a deep stack; under a limit on virtual memory (ulimit -v) that cannot reserve
     * {@link #STACK_BYTES}, on a smaller one (deep input is then refused sooner, with the same message); null if none starts.
     * The launcher under such a limit starts at a sixth of it (-Dmatdiff.stackBytes): a stack that fits but takes the room
     * the JVM's class space needs later made it die mid-run (exit 1, an hs_err file).
     */
    private static Thread started(Runnable command) {
        for (long bytes = Math.min(STACK_BYTES, Long.getLong("matdiff.stackBytes", STACK_BYTES)); bytes >= 16L << 20; bytes /= 8) {
            Thread worker = new Thread(null, command, "matdiff", bytes);
            try {
                worker.start();
                return worker;
            } catch (OutOfMemoryError cannotReserve) {
                // try a smaller stack
            }
        }
        return null;
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int run(String... args) {
        return run(new Output(System.out), args);
    }

    /**
     * Runs a command line with its standard output on {@code stdout}: if writing to it fails, the
     * exit code is 2 and stderr says why in one line.
     */
    static int run(Output stdout, String... args) {
        return run(stdout, new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    static int run(Output stdout, PrintWriter err, String... args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        int code = run(out, err, args);
        out.flush();
        if (stdout.failure != null || out.checkError()) {
            err.println("matdiff: cannot write to standard output: " + stdout.reason());
            err.flush();
            return 2;
        }
        return code;
    }

    /** An output stream that remembers why a write failed (PrintWriter only says that one did). */
    static final class Output extends java.io.FilterOutputStream {
        IOException failure;

        Output(java.io.OutputStream out) { super(new java.io.BufferedOutputStream(out, 1 << 16)); }

        @Override public void write(int b) throws IOException {
            try { out.write(b); } catch (IOException e) { throw remember(e); }
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            try { out.write(b, off, len); } catch (IOException e) { throw remember(e); }
        }

        @Override public void flush() throws IOException {
            try { out.flush(); } catch (IOException e) { throw remember(e); }
        }

        private IOException remember(IOException e) {
            if (failure == null) failure = e;
            return e;
        }

        String reason() {
            String m = failure == null ? null : failure.getMessage();
            if (m == null) return "the write failed (a closed pipe or a full disk?)";
            return m.toLowerCase(java.util.Locale.ROOT).contains("broken pipe") ? "the pipe is closed (broken pipe)" : m;
        }
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        String blas = System.getProperty("matdiff.blas");
        if (blas != null && !java.util.Set.of("java", "native", "auto").contains(blas.strip().toLowerCase(java.util.Locale.ROOT))) {
            // a typo would otherwise quietly leave the native BLAS in use
            err.println("matdiff: -Dmatdiff.blas=" + blas + ": give java (the pure-Java BLAS) or native (the system's, the default, also spelt auto)");
            err.flush();
            return 2;
        }
        CommandLine cli = new CommandLine(new Main());
        // picocli reads a command's options by reflection when it is added, about 10 ms each at start-up:
        // a command line that names its command gets only that one (anything else gets them all, for
        // --help and for the suggestions after a mistyped name)
        boolean named = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help");  // help needs the others
        COMMANDS.forEach((name, command) -> {
            if (!named || name.equals(args[0])) cli.addSubcommand(name, command.get());
        });
        cli.getSubcommands().values().forEach(c -> { if (c.getCommand() instanceof ProgramOptions.OneObjective) ProgramOptions.OneObjective.describe(c.getCommandSpec()); });
        // "-e -e" is the expression -e (the scalar e, negated), not a repeated option
        cli.setAllowOptionsAsOptionParameters(true);
        // an option given twice is not a mistake, as with most command lines: a flag twice is the flag (--json --json),
        // and of two values the last one counts (--seed 1 --seed 2, --steps --no-steps); --wrt and --of add up
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println(usageError(ex, arguments));
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println(message(ex));
            err.flush();
            return ex instanceof CliError c ? c.exitCode : 2;
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError e) {
            err.println("matdiff: the input is nested too deeply to process");
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("matdiff: out of memory: the input is too large");
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * A mistake on the command line in one line: which command, what is wrong, and where to look
     * (not the whole usage text, which buries the one line that matters).
     */
    static String usageError(CommandLine.ParameterException ex, String... args) {
        CommandLine c = ex.getCommandLine();
        String command = c.getCommandSpec().qualifiedName();
        String message = ex.getMessage() == null ? "bad arguments" : ex.getMessage().strip();
        String stray = strayArgument(ex, c, args);
        if (stray != null) message = stray;
        // derive --data: an option another command has (its value is not a second unknown option)
        String elsewhere = otherCommandsOption(ex, c);
        if (elsewhere != null) return command + ": " + elsewhere + " (see '" + command + " --help')";
        // options other tools have, for what matdiff does without one
        String without = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? WITHOUT_AN_OPTION.get(u.getUnmatched().get(0).replaceFirst("=.*", "")) : null;
        if (without != null)
            return command + ": unknown option '" + ((CommandLine.UnmatchedArgumentException) ex).getUnmatched().get(0) + "': " + without
                    + " (see '" + command + " --help')";
        String first = args.length > 0 && !args[0].equals("--") ? args[0] : args.length > 1 ? args[1] : "";
        if (c.getParent() == null && !first.isEmpty() && !c.getSubcommands().containsKey(first)) {
            // 'matdiff ridge.mdiff' and 'matdiff -e …' leave out the command: say where it goes, not what it might be
            boolean program = first.endsWith(".mdiff") || !first.startsWith("-") && isFile(first);
            List<String> having = first.startsWith("-") ? commandsWithOption(c, first.replaceFirst("=.*", "")) : List.of();
            if (program || !having.isEmpty())
                return command + ": " + (program ? "unknown command '" + first + "'" : first + " is an option of " + (having.size() == c.getSubcommands().size() - 1 ? "every command"
                        : dev.matdiff.source.Prose.and(having))
                        + ", not of matdiff itself") + ": the command comes first, matdiff " + (program ? "derive " + first : having.get(0) + " " + first + " …")
                        + " (see '" + command + " --help')";
        }
        // 'matdiff help frobnicate' says what 'matdiff frobnicate' says (picocli's help writes "Unknown subcommand 'x'.")
        java.util.regex.Matcher help = java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.").matcher(message);
        if (help.matches()) message = unknownCommand(help.group(1), c);
        // an option typed without its value is named as it was typed: -e, not '--expression'
        java.util.regex.Matcher bare = java.util.regex.Pattern.compile("Missing required parameter for option '([^']+)' \\(([^)]*)\\)").matcher(message);
        if (bare.matches()) {
            CommandLine.Model.OptionSpec option = c.getCommandSpec().findOption(bare.group(1));
            String typed = bare.group(1);
            if (option != null) for (String a : args) if (java.util.Arrays.asList(option.names()).contains(a)) typed = a;
            message = typed + " needs a value (" + bare.group(2) + ")";
        }
        // eval ridge.mdiff data.json: the data given where a second program would stand (trial s69c)
        if (message.startsWith("Missing required option: '--data"))
            for (String a : args) if (a.endsWith(".json")) { message += "; did you mean --data " + a + "?"; break; }
        if (!message.isEmpty() && Character.isUpperCase(message.charAt(0)) && !(message.length() > 1 && Character.isUpperCase(message.charAt(1))))
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        // after --, the option meant is named already: picocli's "did you mean --wrt?" would suggest it again
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty() && (stray == null || !stray.contains(" after -- ")))
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        return command + ": " + message.replace('\n', ' ') + " (see '" + command + " --help')";
    }

    private static final String JACOBIAN = "a vector or matrix objective's Jacobians are what derive, eval and check give it, "
            + "without an option (F = tanh(W*x) gives ∂F/∂vec(W) and ∂F/∂x); a scalar objective has gradients";
    private static final String GRADIENT = "the gradients are what derive, eval and check give a scalar objective, without an option";
    private static final Map<String, String> WITHOUT_AN_OPTION = Map.of("--jacobian", JACOBIAN, "--jacobians", JACOBIAN, "--jac", JACOBIAN,
            "--gradient", GRADIENT, "--grad", GRADIENT);

    /**
     * What picocli calls an "unmatched argument at index 3" said as what it is: a name after --latex that is
     * not a .tex file (so it was not taken as the file), or a second program; null for anything else.
     */
    private static String strayArgument(CommandLine.ParameterException ex, CommandLine c, String[] args) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return null;
        String arg = u.getUnmatched().get(0);
        // the first word names the command: 'matdiff frobnicate' is an unknown command, not an argument at index 0
        if (c.getParent() == null)
            return arg.startsWith("-") ? null : unknownCommand(arg, c);
        int at = java.util.Arrays.asList(args).lastIndexOf(arg), dashes = java.util.Arrays.asList(args).indexOf("--");
        // after --, an option's spelling is an argument like any other: the user meant it as an option
        if (dashes >= 0 && dashes < at) {
            // the option the user meant is the first one after -- (--wrt in '-- --wrt x'), not the value left over
            for (int i = dashes + 1; i < args.length; i++) if (args[i].startsWith("-") && args[i].length() > 1) return afterDashes(args[i]);
            return afterDashes(arg);
        }
        if (arg.startsWith("-") && !arg.equals("-")) return null;
        if (at > 0 && args[at - 1].equals("--latex"))
            return "--latex " + arg + ": the argument after --latex is its file only if it ends in .tex (or is -); "
                    + "write --latex=" + arg + " for a file of any other name";
        if (c.getCommandSpec().positionalParameters().isEmpty()) return null;
        return "unexpected argument '" + arg + "': " + c.getCommandName() + " reads one program, and one was already given";
    }

    /** What an option written after -- is told: it was read as the program's file or an argument. */
    static String afterDashes(String arg) {
        return "'" + arg + "' after -- is not read as an option: what follows -- is the program's file (put " + arg + " before --)";
    }

    /** "--data is an option of eval and check, not of derive" for an unknown option that other commands have; else null. */
    private static String otherCommandsOption(CommandLine.ParameterException ex, CommandLine c) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty() || c.getParent() == null) return null;
        String option = u.getUnmatched().get(0).replaceFirst("=.*", "");
        if (!option.startsWith("-") || option.equals("-")) return null;
        // --no-steps is the negated --steps: found under that name
        String declared = option.startsWith("--no-") ? "--" + option.substring(5) : option;
        // only the named command was added (start-up): read the others' options now, on the way out
        List<String> having = new java.util.ArrayList<>();
        COMMANDS.forEach((name, command) -> {
            CommandLine.Model.CommandSpec spec = name.equals("help") || name.equals(c.getCommandName()) ? null : new CommandLine(command.get()).getCommandSpec();
            if (spec != null && (spec.findOption(option) != null || spec.findOption(declared) != null && spec.findOption(declared).negatable()))
                having.add(name);
        });
        if (having.isEmpty()) return null;
        return option + " is an option of " + dev.matdiff.source.Prose.and(having) + ", not of " + c.getCommandName();
    }

    /** The commands that have this option, derive first (the one a newcomer means most often). */
    private static List<String> commandsWithOption(CommandLine root, String option) {
        List<String> out = new java.util.ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandSpec().findOption(option) != null) out.add(name);
        });
        return out;
    }

    private static boolean isFile(String name) {
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(name));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static String unknownCommand(String name, CommandLine c) {
        CommandLine root = c;
        while (root.getParent() != null) root = root.getParent();
        return "unknown command '" + name + "' (the commands are " + String.join(", ", root.getSubcommands().keySet()) + ")";
    }

    private static String message(Throwable ex) {
        if (ex instanceof CliError) return ex.getMessage();
        if (ex instanceof StackOverflowError) return "matdiff: the input is nested too deeply to process";
        if (ex instanceof OutOfMemoryError) return "matdiff: out of memory: the input is too large";
        if (ex instanceof UnsupportedOperationException) return "matdiff: " + ex.getMessage();
        if (ex instanceof ArithmeticException) return "matdiff: a size is past " + Integer.MAX_VALUE + ", the most entries a matrix holds";
        // a bug, not bad input: one line, no stack trace
        return "matdiff: internal error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: derive, eval, check, codegen or bench");
    }

    static final class Version implements CommandLine.IVersionProvider {
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"matdiff " + (v == null ? "dev" : v), "BLAS: " + dev.matdiff.linalg.Blas.describe()};
        }
    }
}
