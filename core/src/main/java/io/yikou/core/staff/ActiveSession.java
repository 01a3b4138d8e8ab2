package io.yikou.core.staff;

import java.time.Instant;

/**
 * A valid session at the moment it was checked.
 *
 * @param id                 opaque session id: the SHA-256 of the cookie token, so neither logs nor a
 *                           Redis dump reveal a usable token
 * @param user               the account, as stored now (role changes apply to the next request)
 * @param csrfToken          the token unsafe requests must repeat in the {@code X-CSRF-Token} header
 * @param createdAt          login time
 * @param idleExpiresAt      when the session ends unless used again
 * @param absoluteExpiresAt  when the session ends however busy
 */
public record ActiveSession(String id, StaffUser user, String csrfToken, Instant createdAt, Instant idleExpiresAt,
                            Instant absoluteExpiresAt) {
}
