package io.yikou.core.casesystem;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures over {@code <unix seconds>.<body>} for webhooks in both directions. The
 * timestamp is signed with the body, so a captured request cannot be replayed after the tolerance.
 *
 * <p>Headers: {@code X-Yikou-Timestamp} (unix seconds) and
 * {@code X-Yikou-Signature: sha256=<lower-case hex>}.
 */
public final class Signatures {

    public static final String TIMESTAMP_HEADER = "X-Yikou-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Yikou-Signature";
    private static final String PREFIX = "sha256=";

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    public Signatures(String secret, Duration tolerance, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Returns the signature header value for a body sent at {@code timestamp}. */
    public String sign(long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(timestamp, body));
    }

    /**
     * Checks a received signature.
     *
     * @return {@code null} when valid, else why not: {@code missing}, {@code stale} or {@code mismatch}
     */
    public String verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(PREFIX)) {
            return "missing";
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return "missing";
        }
        long skew = Math.abs(Instant.now(clock).getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            return "stale";
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()).trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            return "mismatch";
        }
        return MessageDigest.isEqual(presented, mac(timestamp, body)) ? null : "mismatch";
    }

    private byte[] mac(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
