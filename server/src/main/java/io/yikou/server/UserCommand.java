package io.yikou.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.config.ConfigException;
import io.yikou.core.config.YikouConfig;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisServerProcess;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffUser;
import io.yikou.core.staff.Usernames;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code yikou user add|password|list}: manages staff accounts from the shell, for the first
 * administrator of a fresh install and for an administrator who is locked out. Uses the same
 * configuration as {@code yikou start}: the Redis of {@code YIKOU_REDIS_URL}, else the private
 * {@code redis-server} of the data directory (the running one, or started for the command).
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage staff accounts (add, password, list).",
        subcommands = {UserCommand.Add.class, UserCommand.Password.class, UserCommand.ListUsers.class})
final class UserCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    /** Opens an account. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a staff account. The password is prompted for, or read from"
            + " the first line of standard input with --password-stdin or when no terminal is attached.")
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "Login name: 2-64 of a-z, 0-9, '.', '_', '-'.")
        String name;

        @Option(names = "--role", defaultValue = "agent",
                description = "agent, supervisor or administrator (default: ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--display-name", description = "Name shown to colleagues (default: the login name).")
        String displayName;

        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Role parsed = Role.parse(role).orElse(null);
            if (parsed == null) {
                System.err.println("Invalid --role '" + role + "': expected agent, supervisor or administrator");
                return 2;
            }
            return withAccounts(accounts -> {
                String password = readPassword(passwordStdin);
                var request = new StaffAccounts.NewUser(name, displayName == null ? name : displayName, parsed,
                        password);
                return accounts.create(StaffPrincipal.system("console"), request, null).map(user -> {
                    System.out.println("Created " + user.role().code() + " " + user.username() + " (" + user.id() + ")");
                    return 0;
                });
            });
        }
    }

    /** Sets a new password. */
    @Command(name = "password", mixinStandardHelpOptions = true, description = "Set a new password for an account; ends its sessions and clears"
            + " its failed-login count.")
    static final class Password implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            return withAccounts(accounts -> accounts.list().compose(users -> {
                String username = Usernames.normalize(name);
                StaffUser user = users.stream().filter(u -> u.username().equals(username)).findFirst()
                        .orElseThrow(() -> ApiException.notFound("user_not_found"));
                String password = readPassword(passwordStdin);
                return accounts.resetPassword(StaffPrincipal.system("console"), user.id(), password, null).map(v -> {
                    System.out.println("Set a new password for " + user.username() + " (" + user.id() + ")");
                    return 0;
                });
            }));
        }
    }

    /** Lists accounts. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List staff accounts.")
    static final class ListUsers implements Callable<Integer> {

        @Override
        public Integer call() {
            return withAccounts(accounts -> accounts.list().map(users -> {
                for (StaffUser user : users) {
                    System.out.printf("%-24s %-14s %-8s %s%n", user.username(), user.role().code(),
                            user.enabled() ? "enabled" : "disabled", user.id());
                }
                return 0;
            }));
        }
    }

    /** Runs an action against the configured Redis; returns the exit code. */
    private static int withAccounts(java.util.function.Function<StaffAccounts, Future<Integer>> action) {
        YikouConfig config;
        try {
            config = YikouServer.configure(System.getenv()).config();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        RedisServerProcess started = null;
        Vertx vertx = Vertx.vertx();
        try {
            String url;
            if (config.redis().url().isPresent()) {
                url = config.redis().url().get().toString();
            } else {
                Path dir = config.dataDir().resolve("redis");
                int running = runningEmbeddedPort(dir);
                if (running > 0) {
                    url = "redis://127.0.0.1:" + running;
                } else {
                    started = new RedisServerProcess(dir, config.redis().embeddedPort()).start();
                    url = started.url();
                }
            }
            try (RedisConnector redis = RedisConnector.connect(vertx, url, config.redis().commandTimeout())) {
                // The command never serves the API, so the service token only has to be valid and unguessable.
                SessionStaffAuth auth = SessionStaffAuth.create(vertx, redis, config.security().staff(),
                        Clock.systemUTC(), UUID.randomUUID().toString());
                Future<Integer> result = Future.<Integer>succeededFuture(0)
                        .compose(ignored -> action.apply(auth.accounts()));
                return result.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            return report(e.getCause(), System.err);
        } catch (ApiException e) {
            return report(e, System.err);
        } catch (Exception e) {
            System.err.println("Failed: " + e.getMessage());
            return 1;
        } finally {
            vertx.close();
            if (started != null) {
                started.close();
            }
        }
    }

    /** Returns the port of the data directory's running private Redis, or 0 when none accepts connections. */
    private static int runningEmbeddedPort(Path redisDir) throws IOException {
        Path portFile = redisDir.resolve("redis-server.port");
        if (!Files.isRegularFile(portFile)) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(Files.readString(portFile).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return port;
        } catch (IOException notRunning) {
            return 0;
        }
    }

    private static String readPassword(boolean fromStdin) {
        Console console = System.console();
        if (fromStdin || console == null) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the password from standard input", e);
            }
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new IllegalStateException("the two passwords differ");
        }
        return new String(first);
    }

    private static int report(Throwable error, PrintStream err) {
        if (error instanceof ApiException api) {
            Locale locale = Messages.negotiate(localeTag(System.getenv("LANG")));
            var rendered = new ErrorResponder(Messages.core()).render(api, locale).getJsonObject("error");
            err.println(rendered.getString("message"));
            for (FieldError field : api.fields()) {
                err.println("  " + field.field() + ": " + Messages.core().get(locale, field.messageKey(),
                        field.args().toArray()));
            }
            return 1;
        }
        err.println("Failed: " + error.getMessage());
        return 1;
    }

    /** Turns a POSIX locale such as {@code en_US.UTF-8} into a language tag. */
    private static String localeTag(String posix) {
        if (posix == null) {
            return null;
        }
        int dot = posix.indexOf('.');
        return (dot < 0 ? posix : posix.substring(0, dot)).replace('_', '-');
    }
}
