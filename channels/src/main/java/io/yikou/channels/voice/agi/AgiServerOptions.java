package io.yikou.channels.voice.agi;

import java.time.Duration;

/**
 * Settings of the FastAGI server.
 *
 * @param host                 address to listen on
 * @param port                 TCP port; Asterisk's default for {@code agi://} is 4573, 0 picks a free one
 * @param workers              threads that run flows, one per concurrent session; sessions beyond
 *                             {@code workers + queueCapacity} are closed at once
 * @param queueCapacity        sessions that may wait for a free worker
 * @param environmentTimeout   how long a new connection may take to send its environment block
 * @param commandTimeout       how long a command may wait for its reply (prompts and digit input
 *                             included) before the session is closed
 * @param maxLineBytes         longest line accepted; longer lines are dropped
 * @param maxEnvironmentLines  most {@code agi_*} lines accepted in one environment block
 */
public record AgiServerOptions(String host, int port, int workers, int queueCapacity, Duration environmentTimeout,
                               Duration commandTimeout, int maxLineBytes, int maxEnvironmentLines) {

    public AgiServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: 1 or more)");
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: 0 or more)");
        }
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: 64 or more)");
        }
        if (maxEnvironmentLines < 8) {
            throw new IllegalArgumentException("maxEnvironmentLines: " + maxEnvironmentLines + " (expected: 8 or more)");
        }
    }

    /** Defaults: loopback, port 4573, 256 workers, 64 waiting, 5 s for the environment, 5 min per command. */
    public static AgiServerOptions defaults() {
        return new AgiServerOptions("127.0.0.1", 4573, 256, 64, Duration.ofSeconds(5), Duration.ofMinutes(5), 8192,
                200);
    }

    public AgiServerOptions withPort(int newPort) {
        return new AgiServerOptions(host, newPort, workers, queueCapacity, environmentTimeout, commandTimeout,
                maxLineBytes, maxEnvironmentLines);
    }

    public AgiServerOptions withWorkers(int newWorkers) {
        return new AgiServerOptions(host, port, newWorkers, queueCapacity, environmentTimeout, commandTimeout,
                maxLineBytes, maxEnvironmentLines);
    }

    public AgiServerOptions withTimeouts(Duration environment, Duration command) {
        return new AgiServerOptions(host, port, workers, queueCapacity, environment, command, maxLineBytes,
                maxEnvironmentLines);
    }
}
