package io.yikou.testkit;

import io.yikou.core.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@code redis-server} (the one on PATH, else the bundled binary) on a free port for
 * a test class, with AOF in a temporary directory, and stops it after the class. Register with
 * {@code @RegisterExtension static RedisExtension redis = new RedisExtension();}.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

    private RedisServerProcess process;
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("yikou-redis-test");
        process = new RedisServerProcess(dataDir, 0).start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.close();
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
