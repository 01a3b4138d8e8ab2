package io.yikou.kb.search.elasticsearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.yikou.testkit.TempDirs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real Elasticsearch 7.10 node for a test class, in a child JVM (its Lucene 8 cannot share
 * this JVM's classpath with Lucene 9), bound to 127.0.0.1 on free ports, and stops it afterwards.
 *
 * <p>The launcher and its dependencies come from the es-test-node module's build output, found
 * through the {@code yikou.es.node.dir} system property; the class is skipped when it is missing.
 * Also usable outside JUnit (the benchmark) through {@link #start()} and {@link #close()}.
 */
public final class EsNodeExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EsNodeExtension.class);
    private static final long START_TIMEOUT_SECONDS = 180;

    private final String heap;
    private Process process;
    private Path dataDir;
    private int httpPort;

    /** Creates a node with a 512 MiB heap, enough for the tests' few thousand articles. */
    public EsNodeExtension() {
        this("512m");
    }

    /** Creates a node with the given heap size, such as {@code 2g} for the benchmark's corpus. */
    public EsNodeExtension(String heap) {
        this.heap = heap;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = launcherDir();
        Assumptions.assumeTrue(dir != null, "Skipped: the Elasticsearch test node is not built"
                + " (run mvn install at the repository root, or set -Dyikou.es.node.dir)");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Returns the es-test-node build directory, or {@code null} when it has not been built. */
    public static Path launcherDir() {
        String configured = System.getProperty("yikou.es.node.dir", "");
        Path dir = configured.isBlank() ? Path.of("..", "es-test-node", "target") : Path.of(configured);
        return Files.isDirectory(dir.resolve("lib")) ? dir : null;
    }

    /** Starts the node and waits until it reports ready. */
    public void start() throws Exception {
        Path dir = launcherDir();
        if (dir == null) {
            throw new IllegalStateException("es-test-node/target/lib is missing; run mvn install at the repository root");
        }
        httpPort = freePort();
        int transportPort = freePort();
        dataDir = Files.createTempDirectory("yikou-es-node");

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = dir.resolve("yikou-es-test-node-0.1.0-SNAPSHOT.jar") + java.io.File.pathSeparator
                + dir.resolve("lib") + java.io.File.separator + "*";
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dlog4j2.formatMsgNoLookups=true", "-cp", classpath, "io.yikou.estestnode.EsTestNode",
                Integer.toString(httpPort), Integer.toString(transportPort), dataDir.toString())
                .redirectErrorStream(true);
        process = builder.start();

        // Forward the node's output to the log and complete once it reports READY.
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(null);
                    } else {
                        LOG.debug("es-node: {}", line);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("Elasticsearch test node exited with "
                        + process.waitFor()));
            } catch (IOException | InterruptedException e) {
                ready.completeExceptionally(e);
            }
        }, "es-node-output");
        reader.setDaemon(true);
        reader.start();

        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
        LOG.info("Elasticsearch test node ready on 127.0.0.1:{}", httpPort);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
            process = null;
        }
        if (dataDir != null) {
            try {
                TempDirs.deleteRecursively(dataDir);
            } catch (IOException e) {
                LOG.warn("Could not delete the Elasticsearch test data in {}: {}", dataDir, e.toString());
            }
            dataDir = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
