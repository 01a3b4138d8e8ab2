package io.yikou.channels.voice.ami;

import java.time.Duration;

/**
 * Settings of the AMI client, shared across threads. Immutable; build with {@link #builder()} and
 * change a copy with {@link #toBuilder()}. {@link #toString()} leaves the secret out.
 */
public final class AmiOptions {

    private final String host;
    private final int port;
    private final String username;
    private final Secret secret;
    private final String eventMask;
    private final Duration connectTimeout;
    private final Duration actionTimeout;
    private final Duration keepAliveInterval;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final double reconnectJitter;
    private final Duration loginRetryDelay;
    private final int maxLineBytes;
    private final int maxPacketBytes;

    private AmiOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.secret = b.secret;
        this.eventMask = b.eventMask;
        this.connectTimeout = b.connectTimeout;
        this.actionTimeout = b.actionTimeout;
        this.keepAliveInterval = b.keepAliveInterval;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.reconnectJitter = b.reconnectJitter;
        this.loginRetryDelay = b.loginRetryDelay;
        this.maxLineBytes = b.maxLineBytes;
        this.maxPacketBytes = b.maxPacketBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code voice.ami.*} keys; invalid values are reported to the reader and replaced by
     * their defaults.
     */
    public static AmiOptions defaults(io.yikou.core.config.ConfigReader r, Secret secret) {
        Builder d = new Builder();
        Duration min = Duration.ofMillis(100);
        Duration max = Duration.ofHours(1);
        return builder()
                .host(r.string("voice.ami.host", d.host))
                .port(r.integer("voice.ami.port", d.port, 1, 65535))
                .username(r.string("voice.ami.username", d.username))
                .secret(secret)
                .eventMask(r.string("voice.ami.events", d.eventMask))
                .connectTimeout(r.duration("voice.ami.connect-timeout", d.connectTimeout, min, max))
                .actionTimeout(r.duration("voice.ami.action-timeout", d.actionTimeout, min, max))
                .keepAliveInterval(r.duration("voice.ami.keep-alive", d.keepAliveInterval, min, max))
                .reconnectInitialDelay(r.duration("voice.ami.reconnect-initial-delay", d.reconnectInitialDelay, min,
                        max))
                .reconnectMaxDelay(r.duration("voice.ami.reconnect-max-delay", d.reconnectMaxDelay, min, max))
                .loginRetryDelay(r.duration("voice.ami.login-retry-delay", d.loginRetryDelay, min, max))
                .maxLineBytes((int) r.bytes("voice.ami.max-line-bytes", d.maxLineBytes, 256, 1024 * 1024))
                .maxPacketBytes((int) r.bytes("voice.ami.max-packet-bytes", d.maxPacketBytes, 1024, 16 * 1024 * 1024))
                .build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.username = username;
        b.secret = secret;
        b.eventMask = eventMask;
        b.connectTimeout = connectTimeout;
        b.actionTimeout = actionTimeout;
        b.keepAliveInterval = keepAliveInterval;
        b.reconnectInitialDelay = reconnectInitialDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.reconnectJitter = reconnectJitter;
        b.loginRetryDelay = loginRetryDelay;
        b.maxLineBytes = maxLineBytes;
        b.maxPacketBytes = maxPacketBytes;
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return host + ":" + port;
    }

    public String username() {
        return username;
    }

    public Secret secret() {
        return secret;
    }

    /** The {@code Events} value sent with Login; {@code on} receives every class the account may read. */
    public String eventMask() {
        return eventMask;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration actionTimeout() {
        return actionTimeout;
    }

    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public double reconnectJitter() {
        return reconnectJitter;
    }

    /** Delay after a rejected login; longer than reconnect delays so a wrong secret does not hammer Asterisk. */
    public Duration loginRetryDelay() {
        return loginRetryDelay;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    @Override
    public String toString() {
        return "AmiOptions[" + username + "@" + endpoint() + ", events " + eventMask + ", secret " + secret + "]";
    }

    /** Mutable collector with the documented defaults. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5038;
        private String username = "yikou";
        private Secret secret = Secret.of("");
        private String eventMask = "on";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration actionTimeout = Duration.ofSeconds(10);
        private Duration keepAliveInterval = Duration.ofSeconds(20);
        private Duration reconnectInitialDelay = Duration.ofSeconds(1);
        private Duration reconnectMaxDelay = Duration.ofSeconds(30);
        private double reconnectJitter = 0.2;
        private Duration loginRetryDelay = Duration.ofSeconds(60);
        private int maxLineBytes = 8 * 1024;
        private int maxPacketBytes = 256 * 1024;

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
            }
            this.port = port;
            return this;
        }

        public Builder username(String username) {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            this.username = username;
            return this;
        }

        public Builder secret(Secret secret) {
            this.secret = secret;
            return this;
        }

        public Builder eventMask(String eventMask) {
            this.eventMask = eventMask;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        public Builder actionTimeout(Duration value) {
            this.actionTimeout = positive("actionTimeout", value);
            return this;
        }

        public Builder keepAliveInterval(Duration value) {
            this.keepAliveInterval = positive("keepAliveInterval", value);
            return this;
        }

        public Builder reconnectInitialDelay(Duration value) {
            this.reconnectInitialDelay = positive("reconnectInitialDelay", value);
            return this;
        }

        public Builder reconnectMaxDelay(Duration value) {
            this.reconnectMaxDelay = positive("reconnectMaxDelay", value);
            return this;
        }

        public Builder reconnectJitter(double value) {
            if (value < 0 || value > 1) {
                throw new IllegalArgumentException("reconnectJitter: " + value + " (expected: 0 to 1)");
            }
            this.reconnectJitter = value;
            return this;
        }

        public Builder loginRetryDelay(Duration value) {
            this.loginRetryDelay = positive("loginRetryDelay", value);
            return this;
        }

        public Builder maxLineBytes(int value) {
            if (value < 64) {
                throw new IllegalArgumentException("maxLineBytes: " + value + " (expected: 64 or more)");
            }
            this.maxLineBytes = value;
            return this;
        }

        public Builder maxPacketBytes(int value) {
            if (value < 64) {
                throw new IllegalArgumentException("maxPacketBytes: " + value + " (expected: 64 or more)");
            }
            this.maxPacketBytes = value;
            return this;
        }

        public AmiOptions build() {
            if (maxPacketBytes < maxLineBytes) {
                throw new IllegalArgumentException("maxPacketBytes: " + maxPacketBytes
                        + " (expected: at least maxLineBytes " + maxLineBytes + ")");
            }
            if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
                throw new IllegalArgumentException("reconnectMaxDelay: " + reconnectMaxDelay
                        + " (expected: at least reconnectInitialDelay " + reconnectInitialDelay + ")");
            }
            return new AmiOptions(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration)");
            }
            return value;
        }
    }
}
