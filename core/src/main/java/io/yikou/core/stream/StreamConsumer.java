package io.yikou.core.stream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of one consumer group on the ticket stream.
 *
 * <p>Reads new entries with {@code XREADGROUP} on a dedicated connection, up to {@value #READ_BATCH} at
 * a time, and hands at most {@code concurrency} of them at a time to the handler; the rest wait in
 * memory, pending in Redis under this member's name. Entries the handler does not
 * {@linkplain StreamHandler#wants want} are acknowledged without a call. Acknowledgements made during
 * one event-loop turn go out as one {@code XACK}, so a busy stream costs one read and one acknowledgement
 * per batch rather than per entry. Entries another member left pending (it
 * crashed, or its handler failed) are taken over with {@code XAUTOCLAIM} once idle for
 * {@code claimIdle}. While a handler works on an entry, this member re-claims it every
 * {@code claimIdle / 3} with {@code XCLAIM JUSTID}, which resets its idle time, so a slow handler
 * (one waiting out retry backoff, say) keeps its entry instead of having it stolen; entries waiting in
 * memory are kept the same way.
 *
 * <p>All work runs on one Vert.x context captured at {@link #start()}. Not for use from several
 * threads.
 */
public final class StreamConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    /** Entries asked for per read: enough to make reads rare under load, few enough to hand over quickly on a crash. */
    static final int READ_BATCH = 64;

    /**
     * Consumer settings.
     *
     * @param group          consumer group name, such as {@code case-router}
     * @param consumer       this member's name, unique among the group's members (the node id)
     * @param concurrency    entries handled at once
     * @param claimIdle      idle time after which another member's pending entry is taken over
     * @param maxDeliveries  deliveries after which {@link StreamHandler#giveUp} is called
     * @param startAtEnd     a new group starts at the stream's end ({@code $}) instead of its start
     */
    public record Options(String group, String consumer, int concurrency, Duration claimIdle, int maxDeliveries,
                          boolean startAtEnd) {

        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1, was " + maxDeliveries);
            }
        }
    }

    private final RedisConnector redis;
    private final Vertx vertx;
    private final Options options;
    private final StreamHandler handler;
    private final String stream = RedisKeys.stream();
    private final Duration block;
    private final Set<String> inFlight = new LinkedHashSet<>();
    /** Entries read or claimed but not yet handed to the handler, by id, oldest first. */
    private final Map<String, StreamEntry> waiting = new LinkedHashMap<>();
    /** Ids to acknowledge with the next {@code XACK}, and the promise completed when it is answered. */
    private List<String> ackIds = new ArrayList<>();
    private Promise<Void> ackBatch;

    private Context context;
    private StatefulRedisConnection<String, String> reader;
    private long claimTimer = -1;
    private boolean reading;
    private boolean claiming;
    /** Whether the last claim took over entries, so more stale ones may be left to take once these are done. */
    private boolean moreStale;
    private boolean stopping;
    private Promise<Void> drained;

    public StreamConsumer(RedisConnector redis, Options options, StreamHandler handler, Duration commandTimeout) {
        this.redis = redis;
        this.vertx = redis.vertx();
        this.options = options;
        this.handler = handler;
        // A blocking read must return before the command timeout or Lettuce reports it as failed.
        this.block = Duration.ofMillis(Math.max(100, Math.min(2000, commandTimeout.toMillis() / 2)));
    }

    /** Creates the group if needed and starts reading. */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> vertx.<StatefulRedisConnection<String, String>>executeBlocking(
                        () -> redis.dedicated("consumer " + options.group()), false)
                .compose(connection -> {
                    reader = connection;
                    return createGroup();
                })
                .onSuccess(ok -> {
                    long period = Math.max(250, options.claimIdle().toMillis() / 3);
                    claimTimer = vertx.setPeriodic(period, id -> maintain());
                    LOG.info("Consumer {} joined group {} on {}", options.consumer(), options.group(), stream);
                    claimStale();
                    readMore();
                })
                .onComplete(started));
        return started.future();
    }

    /**
     * Stops reading and completes once the entries in hand are handled, or after {@code timeout}
     * (their entries then stay pending for another member to claim).
     */
    public Future<Void> stop(Duration timeout) {
        Promise<Void> result = Promise.promise();
        if (context == null) {
            return Future.succeededFuture();
        }
        context.runOnContext(v -> {
            stopping = true;
            if (claimTimer >= 0) {
                vertx.cancelTimer(claimTimer);
            }
            drained = Promise.promise();
            if (inFlight.isEmpty()) {
                drained.tryComplete();
            }
            long timer = vertx.setTimer(timeout.toMillis(), id -> {
                if (drained.tryComplete()) {
                    LOG.warn("Consumer {} stopped with {} entries of group {} still pending", options.consumer(),
                            inFlight.size(), options.group());
                }
            });
            drained.future().onComplete(done -> {
                vertx.cancelTimer(timer);
                LOG.info("Consumer {} left group {}", options.consumer(), options.group());
                result.complete();
            });
        });
        return result.future();
    }

    /** Returns the number of entries being handled now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Returns the number of entries read and held for the handler, not yet handed over. */
    public int waiting() {
        return waiting.size();
    }

    private Future<Void> createGroup() {
        String start = options.startAtEnd() ? "$" : "0";
        return onContext(reader.async().xgroupCreate(XReadArgs.StreamOffset.from(stream, start), options.group(),
                        XGroupCreateArgs.Builder.mkstream()))
                .<Void>mapEmpty()
                .recover(error -> {
                    if (error instanceof RedisBusyException || String.valueOf(error.getMessage()).startsWith("BUSYGROUP")) {
                        return Future.succeededFuture();
                    }
                    return Future.failedFuture(error);
                });
    }

    private void readMore() {
        if (stopping || reading || !waiting.isEmpty() || inFlight.size() >= options.concurrency()) {
            return;
        }
        reading = true;
        RedisAsyncCommands<String, String> commands = reader.async();
        onContext(commands.xreadgroup(Consumer.from(options.group(), options.consumer()),
                XReadArgs.Builder.block(block).count(READ_BATCH), XReadArgs.StreamOffset.lastConsumed(stream)))
                .onComplete(result -> {
                    reading = false;
                    if (result.failed()) {
                        if (!stopping) {
                            LOG.warn("Consumer {} of group {} failed to read; retrying in 1 s: {}", options.consumer(),
                                    options.group(), result.cause().toString());
                            vertx.setTimer(1000, id -> readMore());
                        }
                        return;
                    }
                    for (StreamMessage<String, String> message : result.result()) {
                        enqueue(message.getId(), message.getBody(), 1);
                    }
                    dispatchWaiting();
                    readMore();
                });
    }

    /** Queues an entry for the handler, or acknowledges it at once when the handler does not want it. */
    private void enqueue(String id, Map<String, String> body, long deliveries) {
        if (stopping || inFlight.contains(id) || waiting.containsKey(id)) {
            return;
        }
        StreamEntry entry = new StreamEntry(id, body == null ? Map.of() : body, deliveries);
        boolean handled;
        try {
            handled = deliveries > options.maxDeliveries() || handler.wants(entry);
        } catch (RuntimeException e) {
            LOG.warn("Group {} could not decide on entry {}; handing it over anyway: {}", options.group(), id,
                    e.toString());
            handled = true;
        }
        if (!handled) {
            // A lost acknowledgement only means the entry is delivered and skipped again.
            ack(id).onFailure(error -> LOG.debug("Group {} could not acknowledge skipped entry {}: {}",
                    options.group(), id, error.toString()));
            return;
        }
        waiting.put(id, entry);
    }

    private void dispatchWaiting() {
        while (!stopping && !waiting.isEmpty() && inFlight.size() < options.concurrency()) {
            Iterator<StreamEntry> oldest = waiting.values().iterator();
            StreamEntry entry = oldest.next();
            oldest.remove();
            dispatch(entry);
        }
    }

    private void dispatch(StreamEntry entry) {
        String id = entry.id();
        inFlight.add(id);
        long deliveries = entry.deliveries();
        Future<Void> work;
        try {
            work = deliveries > options.maxDeliveries() ? giveUp(entry) : handler.handle(entry);
        } catch (RuntimeException e) {
            work = Future.failedFuture(e);
        }
        work.compose(ok -> ack(id))
                .onComplete(result -> {
                    inFlight.remove(id);
                    if (result.failed()) {
                        LOG.warn("Group {} left entry {} ({}) pending after delivery {}: {}", options.group(), id,
                                entry.type(), deliveries, result.cause().toString());
                    }
                    if (stopping && inFlight.isEmpty() && drained != null) {
                        drained.tryComplete();
                    }
                    dispatchWaiting();
                    if (moreStale) {
                        claimStale();
                    }
                    readMore();
                });
    }

    /**
     * Acknowledges an entry together with every other one acknowledged during this event-loop turn.
     * Must run on the consumer's context.
     */
    private Future<Void> ack(String id) {
        if (ackIds.isEmpty()) {
            ackBatch = Promise.promise();
            context.runOnContext(v -> flushAcks());
        }
        ackIds.add(id);
        return ackBatch.future();
    }

    private void flushAcks() {
        List<String> ids = ackIds;
        Promise<Void> batch = ackBatch;
        ackIds = new ArrayList<>();
        ackBatch = null;
        onContext(redis.async().xack(stream, options.group(), ids.toArray(String[]::new)))
                .<Void>mapEmpty()
                .onComplete(batch);
    }

    private Future<Void> giveUp(StreamEntry entry) {
        LOG.error("Group {} gives up on entry {} ({} {}) after {} deliveries", options.group(), entry.id(),
                entry.type(), entry.fields().getOrDefault("ticket", entry.fields().get("contact")),
                entry.deliveries() - 1);
        return handler.giveUp(entry).recover(error -> {
            LOG.error("Giving up on entry {} failed too; acknowledging it anyway", entry.id(), error);
            return Future.succeededFuture();
        });
    }

    /** Keeps entries in hand from going idle, and takes over stale ones. */
    private void maintain() {
        if (stopping) {
            return;
        }
        if (!inFlight.isEmpty() || !waiting.isEmpty()) {
            List<String> owned = new ArrayList<>(inFlight);
            owned.addAll(waiting.keySet());
            String[] ids = owned.toArray(String[]::new);
            onContext(redis.async().xclaim(stream, Consumer.from(options.group(), options.consumer()),
                    XClaimArgs.Builder.justid().minIdleTime(0), ids))
                    .onFailure(error -> LOG.debug("Heartbeat claim of {} entries failed: {}", ids.length,
                            error.toString()));
        }
        claimStale();
    }

    /**
     * Takes over up to {@value #READ_BATCH} entries that other members left idle. A crashed member may
     * have left many entries read ahead, so after a claim that took some, the next one follows as soon as
     * these are handed over instead of a claim period later.
     */
    private void claimStale() {
        if (stopping || claiming || inFlight.size() >= options.concurrency() || !waiting.isEmpty()) {
            return;
        }
        claiming = true;
        XAutoClaimArgs<String> args = new XAutoClaimArgs<String>()
                .consumer(Consumer.from(options.group(), options.consumer()))
                .minIdleTime(options.claimIdle())
                .startId("0-0")
                .count(READ_BATCH);
        onContext(redis.async().xautoclaim(stream, args))
                .compose(claimed -> {
                    List<StreamMessage<String, String>> messages = claimed.getMessages();
                    moreStale = !messages.isEmpty();
                    if (messages.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    return deliveryCounts(messages).map(counts -> {
                        for (StreamMessage<String, String> message : messages) {
                            LOG.info("Consumer {} of group {} took over stale entry {}", options.consumer(),
                                    options.group(), message.getId());
                            enqueue(message.getId(), message.getBody(), counts.getOrDefault(message.getId(), 2L));
                        }
                        dispatchWaiting();
                        return null;
                    });
                })
                .onComplete(done -> {
                    claiming = false;
                    if (done.failed()) {
                        moreStale = false;
                        LOG.warn("Group {} could not claim stale entries: {}", options.group(), done.cause().toString());
                    }
                });
    }

    private Future<Map<String, Long>> deliveryCounts(List<StreamMessage<String, String>> messages) {
        String first = messages.get(0).getId();
        String last = messages.get(messages.size() - 1).getId();
        return onContext(redis.async().xpending(stream, options.group(), Range.create(first, last),
                Limit.from(Math.max(messages.size(), 1) * 4L)))
                .map(pending -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (PendingMessage message : pending) {
                        counts.put(message.getId(), message.getRedeliveryCount());
                    }
                    return counts;
                });
    }

    private <T> Future<T> onContext(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }
}
