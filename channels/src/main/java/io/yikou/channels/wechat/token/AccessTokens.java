package io.yikou.channels.wechat.token;

import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.yikou.channels.wechat.WechatAccount;
import io.yikou.channels.wechat.api.ApiResult;
import io.yikou.channels.wechat.api.WechatApiClient;
import io.yikou.channels.wechat.api.WechatApiException;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisLock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens shared by all nodes through Redis, one per account.
 *
 * <p>Fetching a new token invalidates the old one, so nodes must never fetch independently. The
 * token lives in Redis with a TTL that ends {@code refreshAhead} before WeChat's expiry; a node
 * that needs a token and finds none takes the account's refresh lock, reads Redis again (another node may
 * have just stored one) and fetches only if the token is still missing or still the rejected one.
 * After a failed fetch the lock is kept for a short back-off instead of released, so many callers
 * under load wait instead of hammering the token endpoint. Thread-safe.
 */
public final class AccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    private static final Duration LOCK_TTL = Duration.ofSeconds(15);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(20);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(2);
    /** Maximum time a node uses its local copy without looking at Redis, so it notices another node's refresh. */
    private static final long LOCAL_CACHE_NANOS = Duration.ofSeconds(30).toNanos();

    private final RedisConnector redis;
    private final RedisLock lock;
    private final WechatApiClient api;
    private final Duration refreshAhead;
    private final Map<String, Cached> local = new ConcurrentHashMap<>();

    private record Cached(String token, long readAtNanos) {
    }

    public AccessTokens(RedisConnector redis, WechatApiClient api, Duration refreshAhead) {
        this.redis = redis;
        this.lock = new RedisLock(redis);
        this.api = api;
        this.refreshAhead = refreshAhead;
    }

    /** Returns a valid token for the account, fetching one only when no node has one. */
    public Future<String> current(WechatAccount account) {
        Cached cached = local.get(account.id());
        if (cached != null && System.nanoTime() - cached.readAtNanos() < LOCAL_CACHE_NANOS) {
            return Future.succeededFuture(cached.token());
        }
        return redis.call(c -> c.get(key(account))).compose(stored -> {
            if (stored != null) {
                remember(account, stored);
                return Future.succeededFuture(stored);
            }
            return refresh(account, null);
        });
    }

    /**
     * Replaces a token WeChat rejected. Fetches a new one only if Redis still contains {@code rejected}
     * (or nothing); otherwise returns the token another node already stored.
     */
    public Future<String> refresh(WechatAccount account, String rejected) {
        local.remove(account.id());
        String lockKey = RedisKeys.lock("token:wechat:" + account.id());
        return lock.acquire(lockKey, LOCK_TTL, LOCK_WAIT).compose(owner ->
                redis.call(c -> c.get(key(account))).compose(stored -> {
                    if (stored != null && !stored.equals(rejected)) {
                        remember(account, stored);
                        return lock.release(lockKey, owner).map(stored);
                    }
                    return fetch(account)
                            .compose(token -> lock.release(lockKey, owner).map(token))
                            .recover(error -> redis.call(c -> c.pexpire(lockKey, FAILURE_BACKOFF.toMillis()))
                                    .transform(ignored -> Future.<String>failedFuture(error)));
                }));
    }

    private Future<String> fetch(WechatAccount account) {
        return api.fetchToken(account.appId(), account.appSecret()).compose(result -> {
            if (!result.ok()) {
                LOG.error("WeChat refused an access token for account {}: errcode {} {}", account.id(),
                        result.errcode(), result.errmsg());
                return Future.failedFuture(new WechatApiException("token endpoint returned errcode "
                        + result.errcode() + " " + result.errmsg(), 200, false));
            }
            WechatApiClient.Token token = WechatApiClient.token(result);
            Duration ttl = token.expiresIn().minus(refreshAhead);
            if (ttl.toSeconds() < 60) {
                ttl = token.expiresIn().dividedBy(2);
            }
            long ttlMillis = Math.max(1000, ttl.toMillis());
            LOG.info("Fetched a new WeChat access token for account {}; shared for {} s", account.id(), ttlMillis / 1000);
            return redis.call(c -> c.set(key(account), token.value(), SetArgs.Builder.px(ttlMillis)))
                    .map(ok -> {
                        remember(account, token.value());
                        return token.value();
                    });
        });
    }

    /**
     * Runs an API call with the account's token. When WeChat rejects the token (40001, 40014,
     * 42001) the token is refreshed once and the call repeated once. A second rejection is
     * returned to the caller and logged as an error, never retried in a loop.
     */
    public Future<ApiResult> call(WechatAccount account, Function<String, Future<ApiResult>> request) {
        return current(account).compose(token -> request.apply(token).compose(result -> {
            if (!result.tokenRejected()) {
                return Future.succeededFuture(result);
            }
            LOG.warn("WeChat rejected the access token of account {} (errcode {}); refreshing once", account.id(),
                    result.errcode());
            return refresh(account, token).compose(fresh -> request.apply(fresh)).map(second -> {
                if (second.tokenRejected()) {
                    LOG.error("WeChat rejected the fresh access token of account {} too (errcode {} {}); check the "
                            + "AppSecret and the IP allow-list", account.id(), second.errcode(), second.errmsg());
                }
                return second;
            });
        }));
    }

    /** Refreshes the token ahead of expiry if Redis will drop it within {@code window}. */
    public Future<Void> refreshIfExpiring(WechatAccount account, Duration window) {
        return redis.call(c -> c.pttl(key(account))).compose(ttl -> {
            if (ttl != null && ttl > window.toMillis()) {
                return Future.succeededFuture();
            }
            return redis.call(c -> c.get(key(account)))
                    .compose(stored -> refresh(account, stored))
                    .mapEmpty();
        });
    }

    private void remember(WechatAccount account, String token) {
        local.put(account.id(), new Cached(Objects.requireNonNull(token), System.nanoTime()));
    }

    private static String key(WechatAccount account) {
        return RedisKeys.accessToken("wechat", account.id());
    }
}
