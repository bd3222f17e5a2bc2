package dev.matdiff.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "check", description = "Compare the symbolic gradient with finite differences.", mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() { throw new CliError("check: not yet", 2); }
}
