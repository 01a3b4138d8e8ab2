package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.yikou.core.redis.RedisConnector;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Screen pops kept in Redis for the length of a call, so {@code GET /api/v1/agent/calls/{linkedid}/screen-pop}
 * works on any node: the {@code ScreenPop} JSON and the agents whose phone the call rang.
 */
public final class ScreenPops {

    /** How long a screen pop stays readable after it was built; longer than any queue call. */
    public static final Duration TTL = Duration.ofHours(12);

    private final RedisConnector redis;

    public ScreenPops(RedisConnector redis) {
        this.redis = redis;
    }

    static String popKey(String linkedid) {
        return "{yk}:screen-pop:" + linkedid;
    }

    static String agentsKey(String linkedid) {
        return "{yk}:screen-pop:" + linkedid + ":agents";
    }

    /** Stores the call's screen pop and adds the agent it rang for. */
    public Future<Void> save(String linkedid, String userId, JsonObject pop) {
        long seconds = TTL.toSeconds();
        return redis.call(c -> c.setex(popKey(linkedid), seconds, pop.encode()))
                .compose(ok -> redis.call(c -> c.sadd(agentsKey(linkedid), userId)))
                .compose(added -> redis.call(c -> c.expire(agentsKey(linkedid), seconds)))
                .mapEmpty();
    }

    /** A stored screen pop with the agents the call rang for. */
    public record Stored(JsonObject pop, Set<String> agents) {
    }

    /** Returns the call's screen pop, or empty when none was built or it expired. */
    public Future<Optional<Stored>> find(String linkedid) {
        return redis.call(c -> c.get(popKey(linkedid))).compose(text -> text == null
                ? Future.succeededFuture(Optional.empty())
                : redis.call(c -> c.smembers(agentsKey(linkedid)))
                        .map(agents -> Optional.of(new Stored(new JsonObject(text), Set.copyOf(agents)))));
    }
}
