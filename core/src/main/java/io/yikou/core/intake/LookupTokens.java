package io.yikou.core.intake;

import io.vertx.core.Future;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lookup tokens that let a citizen check a ticket's progress with its number: an HMAC-SHA256 of the
 * number under a secret shared by all nodes through Redis. Deriving the token, rather than storing
 * it, lets an idempotent repeat of a submission return the same token. Thread-safe once loaded.
 */
public final class LookupTokens {

    private static final int TOKEN_BYTES = 15;

    private final byte[] secret;
    /** A Mac is not thread-safe and costly to look up, so each thread keeps its own. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private LookupTokens(byte[] secret) {
        this.secret = secret;
    }

    /** Loads the shared secret, creating it on the first node that starts. */
    public static Future<LookupTokens> load(RedisConnector redis) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String encoded = Base64.getEncoder().encodeToString(fresh);
        String key = RedisKeys.lookupSecret();
        return redis.call(c -> c.set(key, encoded, SetArgs.Builder.nx()))
                .compose(ignored -> redis.call(c -> c.get(key)))
                .map(stored -> new LookupTokens(Base64.getDecoder().decode(stored)));
    }

    /** Builds tokens from a known secret, for tests and tools. */
    public static LookupTokens withSecret(byte[] secret) {
        return new LookupTokens(Arrays.copyOf(secret, secret.length));
    }

    /** Returns the token for a ticket number: 20 URL-safe characters. */
    public String tokenFor(String ticketNumber) {
        byte[] mac = hmac(ticketNumber);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, TOKEN_BYTES));
    }

    /** Checks a token in constant time. */
    public boolean matches(String ticketNumber, String token) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(ticketNumber).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] hmac(String text) {
        return macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
