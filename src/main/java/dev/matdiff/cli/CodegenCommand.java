package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.codegen.CodeGen;
import dev.matdiff.codegen.JavaClassName;
import dev.matdiff.codegen.Language;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "codegen", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Write NumPy, PyTorch or Java code that computes the objective and its gradients (a vector or matrix "
                + "objective: its Jacobians; --hessian: its Hessians too), checks its arguments' shapes, and checks itself "
                + "against finite differences.")
final class CodegenCommand implements Callable<Integer>, ProgramOptions.OneObjective {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    @Option(names = "--lang", required = true, paramLabel = "LANG", description = "numpy, torch or java")
    String lang;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "the file to write (default, and '-': stdout); "
            + "a Java class is named after it")
    Path output;

    @Option(names = "--hessian", description = "also f_and_hessian: the value, the gradients and the Hessians H of a scalar "
            + "objective, d²f = vec(dX)ᵀ H vec(dX), with its check")
    boolean hessian;

    @Option(names = "--class", paramLabel = "NAME", description = "the Java class's name (default: from OUT or FILE)")
    String className;

    @Override
    public Integer call() {
        Language language = Language.parse(lang);
        if (language == null) throw CliError.usage(spec, "--lang " + lang + ": the language must be one of numpy, torch, java");
        if (output != null && output.toString().isEmpty())
            throw CliError.usage(spec, "-o/--output: the file name is empty; give -o model.py, or leave -o out for standard output");
        if (output != null && output.toString().equals("-")) output = null;  // as FILE and --latex read '-': the standard stream
        refuseAnotherLanguagesFile(language);
        Inputs.Loaded in = program.load();
        String objective = program.oneObjective();
        List<String> variables = program.variables(in);
        Deriver.Options options = Deriver.Options.DEFAULT.withSecondOrder(hessian, false);
        Derivation d = in.run(() -> in.matdiff().derive(objective, variables, options));
        String name = program.file != null ? program.file.getFileName().toString() : "-e '" + program.expression.replace("'", "'\\''") + "'";  // as a shell reads it back: x'*x is 'x'\''*x'
        // an expression names no file: the class is Gradient, as from standard input (it was made of the expression's
        // letters, AX for x'*A*x, which no one would guess to save it as; trial s80a)
        String chosen = language == Language.JAVA ? javaClass() : null;
        String javaClass = language == Language.JAVA && chosen == null && program.file == null ? CodeGen.className(null) : chosen;
        String code = in.run(() -> CodeGen.generate(new CodeGen.Request(in.matdiff().program(), in.source().text(), name, objective,
                language, javaClass), d));
        if (output == null) {
            var out = spec.commandLine().getOut();
            out.print(code);
            out.flush();
        } else {
            try {
                Files.writeString(output, code, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliError.cannotWrite(output, e);
            }
        }
        // javac wants the class in a file of its name, which code written to the terminal leaves to the user to choose
        if (language == Language.JAVA && output == null && className == null) {
            String named = javaClass != null ? javaClass : CodeGen.className(name);
            Notes.print(spec.commandLine().getErr(), "the class is " + named + ": save it as " + named + ".java (or name it with --class NAME)");
        }
        // an option that changes nothing is said, as check says --trials beside --data (trial s76b)
        if (className != null && language != Language.JAVA)
            Notes.print(spec.commandLine().getErr(), "--class names the Java class; --lang " + lang + " writes a Python module, so it is not used");
        return 0;
    }

    /** -o x.java with --lang numpy (or x.py with java) would write code the file's name says it does not hold. */
    private void refuseAnotherLanguagesFile(Language language) {
        String file = output == null || output.getFileName() == null ? "" : output.getFileName().toString();
        Language named = Language.ofFile(file);
        if (named == null || named.extension().equals(language.extension())) return;
        String stem = file.substring(0, file.length() - named.extension().length());
        throw CliError.usage(spec, "-o " + output + ": --lang " + lang + " writes " + (language == Language.JAVA ? "Java" : "Python")
                + ", not what a " + named.extension() + " file holds; write to " + stem + language.extension() + ", or give --lang "
                + (named == Language.JAVA ? "java" : "numpy or torch"));
    }

    /**
     * The class's name: --class, else OUT's (javac wants a public class in a file of its own name,
     * so a --class that differs from a Foo.java is refused rather than written where it cannot
     * compile), else null for one made from FILE.
     */
    private String javaClass() {
        String file = output != null && output.getFileName() != null ? output.getFileName().toString() : "";
        String fromFile = file.endsWith(".java") ? file.substring(0, file.length() - ".java".length()) : null;
        if (className != null) {
            String problem = JavaClassName.problem(className);
            if (problem != null) throw CliError.usage(spec, "--class " + className + ": " + problem);
            if (fromFile != null && !fromFile.equals(className))
                throw CliError.usage(spec, "--class " + className + " -o " + output + ": javac wants class " + className
                        + " in " + className + ".java; name the file so, or leave out --class to name the class after the file");
            return className;
        }
        if (fromFile == null) return null;
        String problem = JavaClassName.problem(fromFile);
        if (problem != null)
            throw CliError.usage(spec, "-o " + output + ": the file's name " + problem.replaceFirst(" \\(.*\\)$", "")
                    + ", and a Java class is named after its file; write to " + CodeGen.className(file) + ".java, or give --class NAME with -o NAME.java");
        return fromFile;
    }
}
