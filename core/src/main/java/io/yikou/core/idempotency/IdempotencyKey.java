package io.yikou.core.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A client's promise that repeats of one request carry the same key, as with the
 * {@code Idempotency-Key} header or a channel's own message id.
 *
 * @param scope       who issued the key, such as {@code webform} or {@code wechat:gh_abc}, so two
 *                    channels cannot collide
 * @param key         the key as received
 * @param fingerprint digest of the request content; a repeat with other content is rejected
 */
public record IdempotencyKey(String scope, String key, String fingerprint) {

    /** Maximum accepted key length, as common API gateways allow. */
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (key == null || key.isBlank() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** Returns the hex SHA-256 of scope and key, used as the Redis key suffix. */
    public String digest() {
        return sha256(scope + "\n" + key);
    }

    /** Returns the hex SHA-256 of a text, for request fingerprints. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
