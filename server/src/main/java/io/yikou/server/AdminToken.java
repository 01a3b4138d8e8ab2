package io.yikou.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service-account token: {@code YIKOU_ADMIN_TOKEN} when set, otherwise one generated on first
 * start and kept in {@code <data-dir>/admin-token} (owner-readable only), so a newcomer can call the
 * staff API without choosing a secret first. The token itself is never logged.
 */
final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {
    }

    static String resolve(Optional<String> configured, Path dataDir) throws IOException {
        if (configured.isPresent()) {
            return configured.get();
        }
        Path file = dataDir.resolve("admin-token");
        if (Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (stored.length() >= 16) {
                LOG.info("Using the admin token stored in {}", file.toAbsolutePath());
                return stored;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(dataDir);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.warn("Cannot restrict permissions of {} on this filesystem", file);
        }
        LOG.info("Generated an admin token in {}; set YIKOU_ADMIN_TOKEN to choose your own", file.toAbsolutePath());
        return token;
    }
}
