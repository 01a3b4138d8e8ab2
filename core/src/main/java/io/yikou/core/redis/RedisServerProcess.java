package io.yikou.core.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A private {@code redis-server} child process with AOF persistence ({@code appendfsync everysec})
 * in a directory of ours, listening on 127.0.0.1 only.
 *
 * <p>Uses the {@code redis-server} on {@code PATH} when there is one, otherwise the Linux binary
 * bundled in the {@code embedded-redis} jar (Redis 6.2.6, which has the stream commands Yikou
 * needs). The server and the tests use this same class, so tests run against what production runs.
 * Not thread-safe: start and stop it from one thread.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** Records the running server's port, so a later start can find a server a killed JVM left behind. */
    private static final String PORT_FILE = "redis-server.port";

    private final Path dataDir;
    private final int requestedPort;
    private final List<String> extraArgs;
    private Process process;
    private int port;
    /** How long the JVM exit hook waits for {@link #close()} by the owner before it stops the process itself. */
    private volatile Duration ownerCloseGrace = Duration.ZERO;
    /** Counted down by {@link #close()}; one per launched process. */
    private volatile CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param dataDir       directory for the AOF files, created if missing
     * @param requestedPort TCP port, or 0 to pick a free one
     * @param extraArgs     additional {@code --name value} arguments, for tests
     */
    public RedisServerProcess(Path dataDir, int requestedPort, List<String> extraArgs) {
        this.dataDir = dataDir;
        this.requestedPort = requestedPort;
        this.extraArgs = List.copyOf(extraArgs);
    }

    public RedisServerProcess(Path dataDir, int requestedPort) {
        this(dataDir, requestedPort, List.of());
    }

    /**
     * Starts the process and waits until it replies to PING.
     *
     * @throws IOException when no binary is found or the server does not come up in time
     */
    public synchronized RedisServerProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Files.createDirectories(dataDir);
        stopLeftover();
        Path binary = locateBinary();
        IOException lastFailure = null;
        // A port picked as free can be taken before redis binds it; a second pick almost always works.
        for (int attempt = 1; attempt <= 3; attempt++) {
            port = requestedPort != 0 ? requestedPort : freePort();
            try {
                launch(binary);
                LOG.info("Started redis-server {} on 127.0.0.1:{} with AOF in {}", binary, port, dataDir);
                return this;
            } catch (IOException e) {
                lastFailure = e;
                destroy();
                if (requestedPort != 0) {
                    break;
                }
                LOG.warn("redis-server did not start on port {} (attempt {}): {}", port, attempt, e.getMessage());
            }
        }
        throw lastFailure;
    }

    /**
     * Makes the JVM exit hook wait up to {@code grace} for the owner to call {@link #close()}. An owner
     * whose own exit hook stops its consumers first needs this, because the JVM runs all exit hooks at
     * once and Redis would otherwise go away under consumers that are still finishing an entry.
     */
    public RedisServerProcess closedByOwnerOnExit(Duration grace) {
        this.ownerCloseGrace = grace;
        return this;
    }

    /** Returns the port the server listens on. */
    public int port() {
        return port;
    }

    /** Returns a {@code redis://} URL for this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server with SHUTDOWN, which flushes the AOF, and waits for the process to end. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            try {
                command("SHUTDOWN");
            } catch (IOException e) {
                // The connection drops as the server exits; a real failure shows as a process still alive.
                LOG.debug("SHUTDOWN on port {} ended with {}", port, e.toString());
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    LOG.warn("redis-server on port {} ignored SHUTDOWN for 10 s; killing it", port);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        LOG.info("Stopped redis-server on port {}", port);
        process = null;
        closed.countDown();
        try {
            Files.deleteIfExists(dataDir.resolve(PORT_FILE));
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", PORT_FILE, e.toString());
        }
    }

    /** Kills the process with SIGKILL, as a crash would, for tests of durability. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /**
     * Shuts down a server a previous run left behind, which happens when the JVM was killed with
     * SIGKILL and its child outlived it. Two servers must never write one AOF directory.
     */
    private void stopLeftover() throws IOException {
        Path portFile = dataDir.resolve(PORT_FILE);
        if (!Files.isRegularFile(portFile)) {
            return;
        }
        int leftover;
        try {
            leftover = Integer.parseInt(Files.readString(portFile).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(portFile);
            return;
        }
        int own = port;
        port = leftover;
        try {
            String dir = command("CONFIG GET dir");
            if (dir.startsWith("*")) {
                LOG.warn("Found a redis-server left running on port {} from an earlier run; shutting it down", leftover);
                command("SHUTDOWN");
                waitUntilClosed(leftover);
            }
        } catch (IOException notRunning) {
            LOG.debug("No leftover redis-server on port {}", leftover);
        } finally {
            port = own;
            Files.deleteIfExists(portFile);
        }
    }

    private void waitUntilClosed(int leftoverPort) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", leftoverPort), 200);
            } catch (IOException closed) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("The leftover redis-server on port {} is still accepting connections", leftoverPort);
    }

    /**
     * Runs the server in a session of its own when {@code setsid} is available, so Ctrl-C in a terminal
     * reaches only the JVM. Otherwise the terminal's SIGINT would stop Redis at once, under consumers
     * that the JVM's exit hook is still stopping in order. {@code setsid} execs without forking here (the
     * JVM's child is not a process-group leader), so the process handle stays the server's own.
     */
    private static List<String> ownSession(List<String> args) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path setsid = Path.of(dir, "setsid");
            if (Files.isExecutable(setsid)) {
                List<String> wrapped = new ArrayList<>(args.size() + 1);
                wrapped.add(setsid.toString());
                wrapped.addAll(args);
                return wrapped;
            }
        }
        return args;
    }

    private void launch(Path binary) throws IOException {
        List<String> args = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dataDir.toAbsolutePath().toString(),
                "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--save", "",
                "--daemonize", "no",
                "--logfile", ""));
        args.addAll(extraArgs);
        process = new ProcessBuilder(ownSession(args)).redirectErrorStream(true).start();
        // A JVM that exits without close() (an uncaught error, a test runner ending early) must not leave
        // its server behind; SIGTERM makes redis-server flush the AOF before it exits.
        Process started = process;
        CountDownLatch closedByOwner = new CountDownLatch(1);
        closed = closedByOwner;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                closedByOwner.await(ownerCloseGrace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (started.isAlive()) {
                started.destroy();
            }
        }, "redis-stop-" + port));
        Thread pump = new Thread(() -> pumpLog(process.getInputStream(), port), "redis-log-" + port);
        pump.setDaemon(true);
        pump.start();

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with code " + process.exitValue()
                        + " while starting on port " + port + "; see the log lines above");
            }
            try {
                if (command("PING").startsWith("+PONG")) {
                    Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(port));
                    return;
                }
            } catch (IOException notYet) {
                // Still starting or still loading the AOF.
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT);
    }

    private String command(String inline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            return line;
        }
    }

    private void destroy() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }

    private static void pumpLog(InputStream stream, int port) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("redis:{} {}", port, line);
            }
        } catch (IOException e) {
            LOG.debug("redis:{} log stream closed: {}", port, e.toString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Finds {@code redis-server} on PATH, else extracts the one bundled in the embedded-redis jar. */
    static Path locateBinary() throws IOException {
        Optional<Path> onPath = findOnPath("redis-server");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        File bundled = ExecutableProvider.newJarResourceProvider().get();
        if (!bundled.canExecute() && !bundled.setExecutable(true)) {
            throw new IOException("cannot make the bundled redis-server executable: " + bundled);
        }
        LOG.info("No redis-server on PATH; using the binary bundled with embedded-redis: {}", bundled);
        return bundled.toPath();
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
