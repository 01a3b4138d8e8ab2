package io.yikou.kb.duplicate;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Future;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the duplicate check on every {@code ticket.created} entry of the ticket stream, as the member
 * of consumer group {@value #GROUP} named after this node.
 *
 * <p>Core's {@link StreamConsumer} does the group mechanics: {@code XREADGROUP} on a dedicated
 * connection, acknowledgement when {@link #handle} succeeds, {@code XAUTOCLAIM} of entries left pending
 * by a failure or a stopped node, and {@link #giveUp} after {@value #MAX_DELIVERIES} deliveries. Entries
 * are handled one at a time.
 *
 * <p>Because the group spreads entries over nodes, each node also follows every entry of the stream
 * with {@code XRANGE} to keep its own {@link IncidentWindow} complete: before handling an entry it reads
 * all entries up to that one, so the window contains every ticket created before the one being checked.
 */
final class DuplicateStreamConsumer implements StreamHandler {

    static final String GROUP = "kb-duplicates";
    static final int MAX_DELIVERIES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateStreamConsumer.class);
    private static final int FOLLOW_COUNT = 200;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final RedisConnector redis;
    private final TicketStore tickets;
    private final DuplicateDetector detector;
    private final String consumerName;
    private final Duration claimIdle;
    private final Duration commandTimeout;
    private final String stream = RedisKeys.stream();

    private final AtomicLong checkedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private StreamConsumer consumer;
    /** Id of the last stream entry folded into the window; touched only on the consumer's context. */
    private String followed = "0-0";

    DuplicateStreamConsumer(RedisConnector redis, TicketStore tickets, DuplicateDetector detector, String consumerName,
                            Duration claimIdle, Duration commandTimeout) {
        this.redis = redis;
        this.tickets = tickets;
        this.detector = detector;
        this.consumerName = consumerName;
        this.claimIdle = claimIdle;
        this.commandTimeout = commandTimeout;
    }

    /** Fills the window with the recent open tickets, then joins the group. */
    Future<Void> start() {
        return redis.call(c -> c.xrevrange(stream, Range.unbounded(), Limit.create(0, 1)))
                .compose(last -> {
                    // Entries after this id are followed from the stream; everything before comes from the load.
                    followed = last.isEmpty() ? "0-0" : last.get(0).getId();
                    return detector.load();
                })
                .compose(loaded -> {
                    LOG.info("Duplicate consumer {} loaded {} recent open tickets", consumerName,
                            detector.window().size());
                    consumer = new StreamConsumer(redis, new StreamConsumer.Options(GROUP, consumerName, 1, claimIdle,
                            MAX_DELIVERIES, true), this, commandTimeout);
                    return consumer.start();
                });
    }

    /** Stops reading once the entry in hand is handled. */
    Future<Void> stop() {
        Future<Void> stopped = consumer == null ? Future.succeededFuture() : consumer.stop(STOP_TIMEOUT);
        return stopped.onComplete(v -> LOG.info("Duplicate consumer {} stopped after {} checks ({} failed)",
                consumerName, checkedCount.get(), failedCount.get()));
    }

    long checkedCount() {
        return checkedCount.get();
    }

    long failedCount() {
        return failedCount.get();
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        Future<Void> work = followUpTo(entry.id());
        if ("ticket.created".equals(entry.type()) && entry.ticket() != null) {
            work = work.compose(v -> detector.check(entry.ticket()))
                    .onSuccess(matches -> checkedCount.incrementAndGet())
                    .mapEmpty();
        }
        return work.onFailure(error -> {
            failedCount.incrementAndGet();
            LOG.warn("Duplicate check of stream entry {} (ticket {}, delivery {}) failed; it stays pending: {}",
                    entry.id(), entry.ticket(), entry.deliveries(), error.toString());
        });
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        LOG.warn("Giving up the duplicate check of ticket {} after {} deliveries of stream entry {}", entry.ticket(),
                entry.deliveries(), entry.id());
        return Future.succeededFuture();
    }

    /** Folds every stream entry after the last one followed, up to and including {@code lastId}, into the window. */
    private Future<Void> followUpTo(String lastId) {
        if (compareIds(followed, lastId) >= 0) {
            return Future.succeededFuture();
        }
        Range<String> range = Range.from(Range.Boundary.excluding(followed), Range.Boundary.including(lastId));
        return redis.call(c -> c.xrange(stream, range, Limit.create(0, FOLLOW_COUNT))).compose(entries -> {
            if (entries.isEmpty()) {
                followed = lastId;
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
                followed = newest;
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
