package io.yikou.server;

import io.yikou.core.config.ConfigException;
import io.yikou.ivr.cli.IvrCommand;
import io.yikou.kb.cli.KbCommand;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.yikou.server.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code yikou start}, {@code yikou replay FILE}, {@code yikou user} and the tool commands. */
@Command(name = "yikou", mixinStandardHelpOptions = true, version = "Yikou 0.1.0",
        description = "Contact-center integration server of the 96010 citizen-service hotline.",
        subcommands = {Main.Start.class, ReplayCommand.class, UserCommand.class, BaselineCommand.class,
                IvrCommand.class, KbCommand.class})
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("start")) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Starts a node in the foreground until SIGTERM or Ctrl-C. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server in the foreground (Ctrl-C or SIGTERM stops it).")
    static final class Start implements Callable<Integer> {

        @Override
        public Integer call() throws InterruptedException {
            YikouServer server;
            try {
                server = YikouServer.configure(System.getenv());
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Shutdown requested");
                server.stopAndWait(Duration.ofSeconds(60));
                stopped.countDown();
            }, "yikou-shutdown"));
            try {
                server.start().toCompletionStage().toCompletableFuture().join();
            } catch (RuntimeException e) {
                System.err.println("Yikou did not start: " + rootMessage(e));
                return 1;
            }
            stopped.await();
            return 0;
        }

        private static String rootMessage(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }
}
