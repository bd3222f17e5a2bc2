package dev.matdiff.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "eval", description = "Evaluate the objective and its gradients on data.", mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() { throw new CliError("eval: not yet", 2); }
}
