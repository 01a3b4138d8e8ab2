package io.yikou.core.staff.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;
import io.yikou.core.staff.LoginThrottle;
import io.yikou.core.staff.StaffKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * {@link LoginThrottle} with one sorted set of attempt times per login name and per address, trimmed
 * to a sliding window by the injected clock. Names are stored as digests, so the keys do not list
 * what people typed. Thread-safe.
 */
public final class RedisLoginThrottle implements LoginThrottle {

    private static final RedisScript ADMIT = RedisScript.load(RedisLoginThrottle.class,
            "/io/yikou/core/staff/impl/login-attempt.lua");

    private final RedisConnector redis;
    private final Clock clock;
    private final Duration window;
    private final int maxPerUser;
    private final int maxPerAddress;

    public RedisLoginThrottle(RedisConnector redis, Clock clock, Duration window, int maxPerUser, int maxPerAddress) {
        this.redis = redis;
        this.clock = clock;
        this.window = window;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public Future<Admission> admit(String username, String address) {
        String member = clock.millis() + ":" + UUID.randomUUID();
        String[] keys = {userKey(username), StaffKeys.loginAttemptsByAddress(address)};
        return ADMIT.<Long>run(redis, ScriptOutputType.INTEGER, keys, Long.toString(clock.millis()),
                Long.toString(window.toMillis()), Integer.toString(maxPerUser), Integer.toString(maxPerAddress),
                member).map(wait -> wait == 0L
                        ? Admission.admitted(new Attempt(username, address, member))
                        : Admission.refused(Duration.ofMillis(wait)));
    }

    @Override
    public Future<Void> succeeded(Attempt attempt) {
        return redis.call(c -> c.del(userKey(attempt.username())))
                .compose(ignored -> redis.call(c -> c.zrem(StaffKeys.loginAttemptsByAddress(attempt.address()),
                        attempt.member())))
                .mapEmpty();
    }

    @Override
    public Future<Void> clear(String username) {
        return redis.call(c -> c.del(userKey(username))).mapEmpty();
    }

    private static String userKey(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return StaffKeys.loginAttemptsByUser(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
