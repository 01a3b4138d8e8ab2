package io.yikou.core.security;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.staff.StaffOptions;
import java.util.Optional;

/**
 * Access settings.
 *
 * @param adminToken bearer token of the service account ({@code YIKOU_ADMIN_TOKEN}); when unset the
 *                   server generates one and writes it to {@code <data-dir>/admin-token}
 * @param staff      staff logins, sessions and the audit log
 */
public record SecurityOptions(Optional<String> adminToken, StaffOptions staff) {

    public static SecurityOptions read(ConfigReader reader) {
        Optional<String> token = reader.optionalString("security.admin-token");
        token.filter(t -> t.length() < 16).ifPresent(t ->
                reader.problem("security.admin-token", "(" + t.length() + " characters)", "at least 16 characters"));
        return new SecurityOptions(token.filter(t -> t.length() >= 16), StaffOptions.read(reader));
    }
}
