package io.yikou.core.staff.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;
import io.yikou.core.staff.ActiveSession;
import io.yikou.core.staff.SessionStore;
import io.yikou.core.staff.StaffKeys;
import io.yikou.core.staff.StaffUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SessionStore} with one Redis hash per session, keyed by the SHA-256 of its token. The stored
 * creation and last-use times, compared with the injected clock, decide expiry; the key's TTL only
 * cleans up sessions nobody uses again. Thread-safe.
 */
public final class RedisSessionStore implements SessionStore {

    private static final RedisScript TOUCH = RedisScript.load(RedisSessionStore.class,
            "/io/yikou/core/staff/impl/touch-session.lua");
    /** 256-bit tokens: far beyond guessing, and short enough for a cookie and a header. */
    private static final int TOKEN_BYTES = 32;

    private final RedisConnector redis;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final SecureRandom random = new SecureRandom();

    public RedisSessionStore(RedisConnector redis, Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.redis = redis;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    @Override
    public Future<NewSession> create(StaffUser user) {
        String token = randomToken();
        String csrf = randomToken();
        String id = idOf(token);
        Instant now = clock.instant();
        String key = StaffKeys.session(id);
        String userSessions = StaffKeys.userSessions(user.id());
        Map<String, String> fields = Map.of(
                "user", user.id(),
                "csrf", csrf,
                "created", Long.toString(now.toEpochMilli()),
                "seen", Long.toString(now.toEpochMilli()));
        return redis.call(c -> c.hset(key, fields))
                .compose(ignored -> redis.call(c -> c.pexpire(key, idleTimeout.toMillis())))
                .compose(ignored -> redis.call(c -> c.sadd(userSessions, id)))
                .compose(ignored -> redis.call(c -> c.pexpire(userSessions, absoluteTimeout.toMillis())))
                .map(ignored -> new NewSession(token, new ActiveSession(id, user, csrf, now,
                        now.plus(idleTimeout), now.plus(absoluteTimeout))));
    }

    @Override
    public Future<Optional<ActiveSession>> touch(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Future.succeededFuture(Optional.empty());
        }
        return touchById(idOf(token));
    }

    @Override
    public Future<Optional<ActiveSession>> touchById(String sessionId) {
        return lookUp(sessionId, true);
    }

    @Override
    public Future<Optional<ActiveSession>> checkById(String sessionId) {
        return lookUp(sessionId, false);
    }

    private Future<Optional<ActiveSession>> lookUp(String sessionId, boolean recordUse) {
        Instant now = clock.instant();
        String[] keys = {StaffKeys.session(sessionId), StaffKeys.users()};
        return TOUCH.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, Long.toString(now.toEpochMilli()),
                Long.toString(idleTimeout.toMillis()), Long.toString(absoluteTimeout.toMillis()),
                recordUse ? "1" : "0").map(reply -> {
                    // A nil script reply (missing or expired) arrives as a list holding one null.
                    if (reply == null || reply.size() < 5) {
                        return Optional.<ActiveSession>empty();
                    }
                    String account = text(reply.get(4));
                    if (account.isEmpty()) {
                        return Optional.<ActiveSession>empty();
                    }
                    StaffUser user = JsonCodec.read(account, StaffUser.class);
                    Instant created = Instant.ofEpochMilli(Long.parseLong(text(reply.get(2))));
                    return Optional.of(new ActiveSession(sessionId, user, text(reply.get(1)), created,
                            now.plus(idleTimeout), created.plus(absoluteTimeout)));
                });
    }

    @Override
    public Future<Void> revoke(String sessionId) {
        return redis.call(c -> c.hget(StaffKeys.session(sessionId), "user"))
                .compose(userId -> redis.call(c -> c.del(StaffKeys.session(sessionId)))
                        .compose(deleted -> userId == null ? Future.succeededFuture()
                                : redis.call(c -> c.srem(StaffKeys.userSessions(userId), sessionId))))
                .mapEmpty();
    }

    @Override
    public Future<Integer> revokeAllExcept(String userId, String keepId) {
        String setKey = StaffKeys.userSessions(userId);
        return redis.<Set<String>>call(c -> c.smembers(setKey)).compose(ids -> {
            List<String> ended = new ArrayList<>(ids);
            ended.remove(keepId);
            if (ended.isEmpty()) {
                return Future.succeededFuture(0);
            }
            String[] sessionKeys = ended.stream().map(StaffKeys::session).toArray(String[]::new);
            // Ids of sessions that already expired are still in the set; DEL counts only live ones.
            return redis.<Long>call(c -> c.del(sessionKeys))
                    .compose(deleted -> redis.call(c -> c.srem(setKey, ended.toArray(String[]::new)))
                            .map(ignored -> deleted.intValue()));
        });
    }

    @Override
    public Future<Boolean> hasLiveSession(String userId) {
        long now = clock.instant().toEpochMilli();
        return redis.<Set<String>>call(c -> c.smembers(StaffKeys.userSessions(userId))).compose(ids -> {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (String id : ids) {
                checks.add(redis.call(c -> c.hmget(StaffKeys.session(id), "created", "seen")).map(values -> {
                    if (values.size() < 2 || !values.get(0).hasValue() || !values.get(1).hasValue()) {
                        return false;
                    }
                    long created = Long.parseLong(values.get(0).getValue());
                    long seen = Long.parseLong(values.get(1).getValue());
                    return now - seen < idleTimeout.toMillis() && now - created < absoluteTimeout.toMillis();
                }));
            }
            return Future.all(checks).map(done -> checks.stream().anyMatch(Future::result));
        });
    }

    @Override
    public String idOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? "" : value.toString();
    }
}
