package io.yikou.core.staff;

import io.yikou.core.http.StaffAuth.Role;
import java.time.Instant;

/**
 * A staff member's account. Stored as JSON; readers ignore fields they do not know, so a newer node
 * can add fields during a rolling upgrade.
 *
 * <p>Extension point: queue membership, skills and chat capacity for the automatic call distribution
 * belong here as further components, set through {@code PATCH /api/v1/admin/users/{id}} like the role.
 *
 * @param id                opaque id such as {@code u-3f9c1a2b7d4e}; never reused, never shown as a login name
 * @param username          normalised login name (see {@link Usernames})
 * @param displayName       name shown to colleagues, usually the person's Chinese name
 * @param role              what the account may do
 * @param enabled           a disabled account cannot log in and its sessions are ended
 * @param passwordHash      Argon2id hash in PHC string form ({@code $argon2id$v=19$m=...})
 * @param passwordChangedAt when the password was last set
 * @param version           increases with every change, for optimistic concurrency
 */
public record StaffUser(String id, String username, String displayName, Role role, boolean enabled,
                        String passwordHash, Instant createdAt, Instant updatedAt, Instant passwordChangedAt,
                        long version) {

    public StaffUser withDisplayName(String name, Instant now) {
        return new StaffUser(id, username, name, role, enabled, passwordHash, createdAt, now, passwordChangedAt,
                version);
    }

    public StaffUser withRole(Role newRole, Instant now) {
        return new StaffUser(id, username, displayName, newRole, enabled, passwordHash, createdAt, now,
                passwordChangedAt, version);
    }

    public StaffUser withEnabled(boolean newEnabled, Instant now) {
        return new StaffUser(id, username, displayName, role, newEnabled, passwordHash, createdAt, now,
                passwordChangedAt, version);
    }

    public StaffUser withPasswordHash(String hash, Instant now) {
        return new StaffUser(id, username, displayName, role, enabled, hash, createdAt, now, now, version);
    }

    /** Returns a copy with the next version number, as the store writes it. */
    public StaffUser nextVersion() {
        return new StaffUser(id, username, displayName, role, enabled, passwordHash, createdAt, updatedAt,
                passwordChangedAt, version + 1);
    }
}
