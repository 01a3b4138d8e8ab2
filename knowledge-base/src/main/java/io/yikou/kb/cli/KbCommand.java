package io.yikou.kb.cli;

import io.yikou.kb.classify.ClassifierCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code yikou kb ...}: knowledge-base tools that run without a server. */
@Command(name = "kb", mixinStandardHelpOptions = true,
        description = "Knowledge-base tools: train, evaluate and benchmark the ticket classifier.",
        subcommands = {ClassifierCommands.Train.class, ClassifierCommands.Evaluate.class,
                ClassifierCommands.CrossValidate.class, ClassifierCommands.Benchmark.class})
public final class KbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
