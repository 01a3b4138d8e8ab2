package io.yikou.core.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A lock in Redis held by one caller across all nodes: {@code SET NX PX} with a random owner token,
 * released only by its owner. The TTL bounds how long a crashed owner blocks others, so work under
 * the lock must finish well inside it. Thread-safe.
 */
public final class RedisLock {

    private static final RedisScript RELEASE = RedisScript.load(RedisLock.class, "/io/yikou/core/redis/release-lock.lua");
    private static final long POLL_MILLIS = 20;

    private final RedisConnector redis;
    private final Vertx vertx;

    public RedisLock(RedisConnector redis) {
        this.redis = redis;
        this.vertx = redis.vertx();
    }

    /** Tries once; completes with the owner token, or {@code null} when another caller holds the lock. */
    public Future<String> tryAcquire(String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        return redis.call(c -> c.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())))
                .map(reply -> "OK".equals(reply) ? token : null);
    }

    /**
     * Waits for the lock, polling, for at most {@code wait}.
     *
     * @return the owner token; fails with {@link TimeoutException} when the wait ran out
     */
    public Future<String> acquire(String key, Duration ttl, Duration wait) {
        Promise<String> result = Promise.promise();
        long deadline = System.nanoTime() + wait.toNanos();
        attempt(key, ttl, deadline, result);
        return result.future();
    }

    private void attempt(String key, Duration ttl, long deadline, Promise<String> result) {
        tryAcquire(key, ttl).onComplete(outcome -> {
            if (outcome.failed()) {
                result.fail(outcome.cause());
            } else if (outcome.result() != null) {
                result.complete(outcome.result());
            } else if (System.nanoTime() > deadline) {
                result.fail(new TimeoutException("lock " + key + " still held by another caller"));
            } else {
                vertx.setTimer(POLL_MILLIS, id -> attempt(key, ttl, deadline, result));
            }
        });
    }

    /** Releases the lock if {@code token} still owns it; completes with whether it did. */
    public Future<Boolean> release(String key, String token) {
        return RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key}, token).map(n -> n == 1L);
    }

    /**
     * Runs {@code work} under the lock and releases it after the work's future completed, so every
     * write the work made has been acknowledged by Redis before another caller gets the lock.
     */
    public <T> Future<T> withLock(String key, Duration ttl, Duration wait, Supplier<Future<T>> work) {
        return acquire(key, ttl, wait).compose(token -> {
            Future<T> done;
            try {
                done = work.get();
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            return done.transform(outcome -> release(key, token)
                    .transform(ignored -> outcome.succeeded()
                            ? Future.succeededFuture(outcome.result())
                            : Future.failedFuture(outcome.cause())));
        });
    }
}
