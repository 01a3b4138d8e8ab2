package io.yikou.testkit;

import io.yikou.core.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@code redis-server} (the one on PATH, else the bundled binary) on a free port for
 * test class, with AOF in a temporary directory, and stops it afterwards. Registered in a static
 * field ({@code @RegisterExtension static RedisExtension redis = new RedisExtension();}) one server
 * serves the whole class; in an instance field each test gets a fresh one.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private RedisServerProcess process;
    private Path dataDir;
    private boolean perTest;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        shutdown();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (process == null) {
            perTest = true;
            launch();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            shutdown();
        }
    }

    private void launch() throws Exception {
        dataDir = Files.createTempDirectory("yikou-redis-test");
        process = new RedisServerProcess(dataDir, 0).start();
    }

    private void shutdown() throws Exception {
        if (process != null) {
            process.close();
            process = null;
        }
        TempDirs.deleteRecursively(dataDir);
    }

    /** Returns the server's {@code redis://} URL. */
    public String url() {
        return process.url();
    }

    /** Returns the running process, for tests that restart or kill it. */
    public RedisServerProcess process() {
        return process;
    }

    /** Returns the directory holding the AOF files. */
    public Path dataDir() {
        return dataDir;
    }

    /** Restarts the server on the same port and data directory, as an operator's restart would. */
    public void restart() throws Exception {
        int port = process.port();
        process.close();
        process = new RedisServerProcess(dataDir, port).start();
    }
}
