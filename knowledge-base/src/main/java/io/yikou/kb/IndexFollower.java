package io.yikou.kb;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.kb.article.KbKeys;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's Lucene index in step with article and feedback changes made on any node, by
 * reading the knowledge base's change stream with {@code XREAD BLOCK} on a dedicated connection.
 *
 * <p>Every node reads every entry (no consumer group), because each node has its own index. Applying an
 * entry re-reads the article from the store, so repeats and reordering are harmless. After a Redis
 * error the next read is retried on a timer with capped exponential backoff.
 */
public final class IndexFollower {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
    /** How long one read waits for entries; well below the Redis command timeout (5 s by default). */
    private static final long BLOCK_MILLIS = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final RedisConnector redis;
    private final KnowledgeBase kb;
    private StatefulRedisConnection<String, String> connection;
    private volatile boolean running;
    private String lastId;
    private long failures;

    public IndexFollower(Vertx vertx, RedisConnector redis, KnowledgeBase kb) {
        this.vertx = vertx;
        this.redis = redis;
        this.kb = kb;
    }

    /** Returns the id of the newest change entry, or {@code 0-0}; follow from it after reconciling. */
    public static Future<String> newestEntry(RedisConnector redis) {
        return redis.call(c -> c.xrevrange(KbKeys.changes(), io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.create(0, 1))).map(list -> list.isEmpty() ? "0-0" : list.get(0).getId());
    }

    /** Starts reading entries after {@code fromId}. */
    public void start(String fromId) {
        lastId = fromId;
        connection = redis.dedicated("kb-index-follower");
        running = true;
        LOG.info("Following knowledge-base changes from entry {}", fromId);
        readNext();
    }

    public void stop() {
        running = false;
        if (connection != null) {
            connection.close();
        }
    }

    private void readNext() {
        if (!running) {
            return;
        }
        Future.fromCompletionStage(connection.async().xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(100),
                        XReadArgs.StreamOffset.from(KbKeys.changes(), lastId)), vertx.getOrCreateContext())
                .compose(this::apply)
                .onSuccess(v -> {
                    failures = 0;
                    readNext();
                })
                .onFailure(error -> {
                    if (!running) {
                        return;
                    }
                    failures++;
                    long delay = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(failures, 10));
                    long jittered = delay / 2 + (long) (Math.random() * delay / 2);
                    if (failures == 1 || failures % 10 == 0) {
                        LOG.warn("Reading knowledge-base changes after {} failed ({} in a row); retrying in {} ms: {}",
                                lastId, failures, jittered, error.toString());
                    }
                    vertx.setTimer(jittered, id -> readNext());
                });
    }

    private Future<Void> apply(List<StreamMessage<String, String>> messages) {
        Future<Void> chain = Future.succeededFuture();
        for (StreamMessage<String, String> message : messages) {
            String kind = message.getBody().get("kind");
            String id = message.getBody().get("id");
            chain = chain.compose(v -> {
                Future<Void> step = "feedback".equals(kind) ? kb.refreshFeedback(id) : kb.reindexFromStore(id);
                return step.onSuccess(ok -> lastId = message.getId());
            });
        }
        return chain;
    }
}
