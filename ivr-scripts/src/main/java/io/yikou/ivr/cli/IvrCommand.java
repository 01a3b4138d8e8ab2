package io.yikou.ivr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code yikou ivr}: tools for the IVR flows, usable without a running server. */
@Command(name = "ivr", mixinStandardHelpOptions = true,
        description = "Check and simulate IVR flows offline.",
        subcommands = {SimulateCommand.class, ValidateCommand.class})
public final class IvrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs {@code ivr} on its own, for tests and for a module jar without the server. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new IvrCommand()).execute(args));
    }
}
