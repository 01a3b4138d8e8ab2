package io.yikou.core.staff;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.http.TrustedProxies;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of staff logins, sessions and the audit log, under {@code security.}. Every key is listed
 * in {@code docs/configuration.md}.
 *
 * @param idleTimeout            a session ends after this long without a request
 * @param absoluteTimeout        a session ends this long after login, however busy
 * @param sameSite               {@code Strict} or {@code Lax}, the cookie's SameSite attribute
 * @param trustedProxies         proxies whose {@code X-Forwarded-For}/{@code -Proto} headers count
 * @param maxFailuresPerUser     failed logins for one user name within {@code failureWindow} before
 *                               further attempts for it are refused
 * @param maxFailuresPerAddress  failed logins from one client address within {@code failureWindow}
 *                               before further attempts from it are refused
 * @param failureWindow          how far back failed logins count
 * @param passwordMinLength      shortest password accepted, in characters
 * @param hashMemoryKib          Argon2id memory cost in KiB
 * @param hashIterations         Argon2id time cost (passes over the memory)
 * @param bootstrapUsername      login name of the administrator created on a fresh install
 * @param bootstrapPassword      that administrator's password; unset creates nobody
 * @param auditRetention         audit entries older than this are trimmed when new ones are added
 */
public record StaffOptions(Duration idleTimeout, Duration absoluteTimeout, String sameSite,
                           TrustedProxies trustedProxies, int maxFailuresPerUser, int maxFailuresPerAddress,
                           Duration failureWindow, int passwordMinLength, int hashMemoryKib, int hashIterations,
                           String bootstrapUsername, Optional<String> bootstrapPassword, Duration auditRetention) {

    /** Defaults, as a node without configuration uses them. */
    public static StaffOptions defaults() {
        return new StaffOptions(Duration.ofMinutes(30), Duration.ofHours(12), "Strict", TrustedProxies.none(), 5, 50,
                Duration.ofMinutes(15), 10, 19 * 1024, 2, "admin", Optional.empty(), Duration.ofDays(365));
    }

    public static StaffOptions read(ConfigReader reader) {
        StaffOptions d = defaults();
        Duration idle = reader.duration("security.session.idle-timeout", d.idleTimeout(), Duration.ofMinutes(1),
                Duration.ofDays(1));
        Duration absolute = reader.duration("security.session.absolute-timeout", d.absoluteTimeout(),
                Duration.ofMinutes(5), Duration.ofDays(30));
        String sameSite = reader.oneOf("security.session.same-site", d.sameSite(), "Strict", "Lax");
        if (absolute.compareTo(idle) < 0) {
            reader.problem("security.session.absolute-timeout", absolute.toString(),
                    "at least security.session.idle-timeout (" + idle + ")");
        }

        List<String> proxyEntries = reader.stringList("security.trusted-proxies", List.of());
        TrustedProxies proxies = TrustedProxies.none();
        try {
            proxies = TrustedProxies.parse(proxyEntries);
        } catch (IllegalArgumentException e) {
            reader.problem("security.trusted-proxies", String.join(", ", proxyEntries),
                    "IP addresses or CIDR ranges such as 10.0.0.5 or 10.0.0.0/8 (" + e.getMessage() + ")");
        }

        int perUser = reader.integer("security.login.max-failures-per-user", d.maxFailuresPerUser(), 1, 1000);
        int perAddress = reader.integer("security.login.max-failures-per-address", d.maxFailuresPerAddress(), 1,
                100_000);
        Duration window = reader.duration("security.login.failure-window", d.failureWindow(), Duration.ofMinutes(1),
                Duration.ofDays(1));

        int minLength = reader.integer("security.password.min-length", d.passwordMinLength(), 8, 128);
        long memoryBytes = reader.bytes("security.password.hash-memory", d.hashMemoryKib() * 1024L, 1024L * 1024,
                1024L * 1024 * 1024);
        int iterations = reader.integer("security.password.hash-iterations", d.hashIterations(), 1, 50);

        String bootstrapUser = reader.string("security.bootstrap-admin.username", d.bootstrapUsername());
        Optional<String> bootstrapPassword = reader.optionalString("security.bootstrap-admin.password");
        if (!Usernames.isValid(Usernames.normalize(bootstrapUser))) {
            reader.problem("security.bootstrap-admin.username", bootstrapUser, Usernames.RULE);
        }
        String normalizedBootstrap = Usernames.normalize(bootstrapUser);
        bootstrapPassword.ifPresent(password -> {
            if (password.codePointCount(0, password.length()) < minLength) {
                reader.problem("security.bootstrap-admin.password", "(" + password.length() + " characters)",
                        "at least " + minLength + " characters (security.password.min-length)");
            } else if (password.toLowerCase(java.util.Locale.ROOT).contains(normalizedBootstrap)) {
                reader.problem("security.bootstrap-admin.password", "(hidden)",
                        "a password that does not contain the login name '" + normalizedBootstrap + "'");
            }
        });

        Duration retention = reader.duration("security.audit.retention", d.auditRetention(), Duration.ofDays(1),
                Duration.ofDays(3650));
        return new StaffOptions(idle, absolute, sameSite, proxies, perUser, perAddress, window, minLength,
                (int) (memoryBytes / 1024), iterations, Usernames.normalize(bootstrapUser), bootstrapPassword,
                retention);
    }
}
