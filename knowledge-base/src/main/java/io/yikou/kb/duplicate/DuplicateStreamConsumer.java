package io.yikou.kb.duplicate;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code ticket.created} entries of the ticket stream in the consumer group {@value #GROUP} and
 * runs the duplicate check on each, one entry at a time.
 *
 * <p>Group reads ({@code XREADGROUP ... BLOCK}) use a dedicated connection. An entry is acknowledged
 * only after its check was recorded; a failed entry stays pending and is claimed again with
 * {@code XAUTOCLAIM} once it has been idle for {@code claimIdle}, by this node or any other, which
 * also picks up the entries of a node that stopped mid-way.
 *
 * <p>Because the group spreads entries over nodes, each node also follows every entry of the stream
 * with {@code XRANGE} to keep its own {@link IncidentWindow} complete: before handling an entry it reads
 * all entries up to that one, so the window contains every ticket created before the one being checked.
 */
final class DuplicateStreamConsumer {

    static final String GROUP = "kb-duplicates";

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateStreamConsumer.class);
    private static final int READ_COUNT = 20;
    private static final int CATCH_UP_COUNT = 200;
    private static final Duration BLOCK = Duration.ofSeconds(2);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final RedisConnector redis;
    private final TicketStore tickets;
    private final DuplicateDetector detector;
    private final String consumerName;
    private final Duration claimIdle;
    private final String stream = RedisKeys.stream();

    private final AtomicLong checkedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private Context context;
    private StatefulRedisConnection<String, String> blocking;
    private volatile boolean stopping;
    private Promise<Void> loopStopped;
    private long claimTimer = -1;
    /** Id of the last stream entry folded into the window. */
    private String followed = "0-0";

    DuplicateStreamConsumer(Vertx vertx, RedisConnector redis, TicketStore tickets, DuplicateDetector detector,
                            String consumerName, Duration claimIdle) {
        this.vertx = vertx;
        this.redis = redis;
        this.tickets = tickets;
        this.detector = detector;
        this.consumerName = consumerName;
        this.claimIdle = claimIdle;
    }

    /** Creates the group if needed, fills the window and starts reading. */
    Future<Void> start() {
        context = vertx.getOrCreateContext();
        return createGroup()
                .compose(v -> redis.call(c -> c.xrevrange(stream, Range.unbounded(), Limit.create(0, 1))))
                .compose(last -> {
                    // Entries after this id are followed from the stream; everything before comes from the load.
                    followed = last.isEmpty() ? "0-0" : last.get(0).getId();
                    return detector.load();
                })
                .onSuccess(loaded -> {
                    LOG.info("Duplicate consumer {} in group {} started with {} recent open tickets", consumerName,
                            GROUP, detector.window().size());
                    blocking = redis.dedicated(GROUP);
                    loopStopped = Promise.promise();
                    context.runOnContext(v -> readLoop());
                    long period = Math.max(1000, claimIdle.toMillis() / 2);
                    claimTimer = vertx.setPeriodic(period, id -> claimStale());
                })
                .mapEmpty();
    }

    /** Stops reading after the entry in progress; the future completes when the loop has ended. */
    Future<Void> stop() {
        stopping = true;
        if (claimTimer >= 0) {
            vertx.cancelTimer(claimTimer);
        }
        Future<Void> ended = loopStopped == null ? Future.succeededFuture() : loopStopped.future();
        return ended.onComplete(v -> LOG.info("Duplicate consumer {} stopped after {} checks ({} failed)",
                consumerName, checkedCount.get(), failedCount.get()));
    }

    long checkedCount() {
        return checkedCount.get();
    }

    long failedCount() {
        return failedCount.get();
    }

    private Future<Void> createGroup() {
        XGroupCreateArgs args = XGroupCreateArgs.Builder.mkstream(true);
        return redis.call(c -> c.xgroupCreate(XReadArgs.StreamOffset.latest(stream), GROUP, args))
                .<Void>mapEmpty()
                .recover(error -> error instanceof RedisBusyException || String.valueOf(error.getMessage()).startsWith("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(error));
    }

    private void readLoop() {
        if (stopping) {
            loopStopped.tryComplete();
            return;
        }
        RedisAsyncCommands<String, String> commands = blocking.async();
        Future.fromCompletionStage(commands.xreadgroup(Consumer.from(GROUP, consumerName),
                        XReadArgs.Builder.block(BLOCK).count(READ_COUNT), XReadArgs.StreamOffset.lastConsumed(stream)),
                        context)
                .compose(this::handleAll)
                .onComplete(result -> {
                    if (result.failed()) {
                        LOG.warn("Duplicate consumer {} read failed, retrying in {} ms: {}", consumerName,
                                RETRY_DELAY.toMillis(), result.cause().toString());
                        vertx.setTimer(RETRY_DELAY.toMillis(), id -> readLoop());
                    } else {
                        context.runOnContext(v -> readLoop());
                    }
                });
    }

    private void claimStale() {
        if (stopping) {
            return;
        }
        XAutoClaimArgs<String> args = XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, consumerName), claimIdle, "0-0")
                .count(READ_COUNT);
        redis.call(c -> c.xautoclaim(stream, args))
                .compose(claimed -> {
                    if (!claimed.getMessages().isEmpty()) {
                        LOG.info("Duplicate consumer {} claimed {} stale entries", consumerName,
                                claimed.getMessages().size());
                    }
                    return handleAll(claimed.getMessages());
                })
                .onFailure(error -> LOG.warn("Duplicate consumer {} could not claim stale entries: {}", consumerName,
                        error.toString()));
    }

    private Future<Void> handleAll(List<StreamMessage<String, String>> messages) {
        Future<Void> chain = Future.succeededFuture();
        for (StreamMessage<String, String> message : messages) {
            chain = chain.compose(v -> handle(message));
        }
        return chain;
    }

    /** Handles one entry and acknowledges it; a failure is logged and leaves the entry pending. */
    private Future<Void> handle(StreamMessage<String, String> message) {
        String type = message.getBody().get("type");
        String number = message.getBody().get("ticket");
        Future<Void> work = followUpTo(message.getId());
        if ("ticket.created".equals(type) && number != null) {
            work = work.compose(v -> detector.check(number)).onSuccess(matches -> checkedCount.incrementAndGet())
                    .mapEmpty();
        }
        return work
                .compose(v -> redis.call(c -> c.xack(stream, GROUP, message.getId())))
                .<Void>mapEmpty()
                .recover(error -> {
                    failedCount.incrementAndGet();
                    LOG.warn("Duplicate check of stream entry {} (ticket {}) failed; it stays pending for a retry: {}",
                            message.getId(), number, error.toString());
                    return Future.succeededFuture();
                });
    }

    /** Folds every stream entry after the last one followed, up to and including {@code lastId}, into the window. */
    private Future<Void> followUpTo(String lastId) {
        if (compareIds(followed, lastId) >= 0) {
            return Future.succeededFuture();
        }
        Range<String> range = Range.from(Range.Boundary.excluding(followed), Range.Boundary.including(lastId));
        return redis.call(c -> c.xrange(stream, range, Limit.create(0, CATCH_UP_COUNT))).compose(entries -> {
            if (entries.isEmpty()) {
                if (compareIds(lastId, followed) > 0) {
                    followed = lastId;
                }
                return Future.succeededFuture();
            }
            LinkedHashSet<String> numbers = new LinkedHashSet<>();
            for (StreamMessage<String, String> entry : entries) {
                String type = entry.getBody().get("type");
                String number = entry.getBody().get("ticket");
                if (type != null && type.startsWith("ticket.") && number != null) {
                    numbers.add(number);
                }
            }
            String newest = entries.get(entries.size() - 1).getId();
            return tickets.findAll(new ArrayList<>(numbers)).compose(found -> {
                for (Ticket ticket : found) {
                    detector.observe(ticket);
                }
                // The claim timer may follow concurrently with the read loop, so never move backwards.
                if (compareIds(newest, followed) > 0) {
                    followed = newest;
                }
                return followUpTo(lastId);
            });
        });
    }

    /** Compares two stream ids ({@code millis-sequence}) numerically. */
    static int compareIds(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
        return byTime != 0 ? byTime
                : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
    }
}
