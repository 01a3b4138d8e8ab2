package io.yikou.kb.duplicate;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * in hand are checked together in stream order, as one batch.
 *
 * <p>Because the group spreads entries over nodes, each node also follows every entry of the stream
 * with {@code XRANGE} to keep its own {@link IncidentWindow} complete: before handling an entry it reads
 * all entries up to that one, so the window contains every ticket created before the one being checked.
 */
final class DuplicateStreamConsumer implements StreamHandler {

    static final String GROUP = "kb-duplicates";
    static final int MAX_DELIVERIES = 20;
    /** Entries in hand at once; they are checked together as one batch (see {@link #pump}). */
    static final int BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateStreamConsumer.class);
    private static final int FOLLOW_COUNT = 200;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final RedisConnector redis;
    private final TicketStore tickets;
    private final DuplicateDetector detector;
    private final String consumerName;
    private final Duration claimIdle;
    private final Duration commandTimeout;
    private final double cpuShare;
    private final String stream = RedisKeys.stream();

    private final AtomicLong checkedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private StreamConsumer consumer;
    /** Id of the last stream entry folded into the window; touched only on the consumer's context. */
    private String followed = "0-0";
    /** Entries handed over while a batch runs; touched only on the consumer's context. */
    private final List<Queued> queued = new ArrayList<>();
    private boolean pumping;

    private record Queued(StreamEntry entry, Promise<Void> done) {
    }

    DuplicateStreamConsumer(RedisConnector redis, TicketStore tickets, DuplicateDetector detector, String consumerName,
                            Duration claimIdle, Duration commandTimeout, double cpuShare) {
        this.redis = redis;
        this.tickets = tickets;
        this.detector = detector;
        this.consumerName = consumerName;
        this.claimIdle = claimIdle;
        this.commandTimeout = commandTimeout;
        this.cpuShare = cpuShare;
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
                    consumer = new StreamConsumer(redis, new StreamConsumer.Options(GROUP, consumerName, BATCH, claimIdle,
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

    /**
     * Only new tickets are checked. Other entries still reach the window, because before each batch the
     * consumer reads the stream up to the batch's last entry.
     */
    @Override
    public boolean wants(StreamEntry entry) {
        return "ticket.created".equals(entry.type()) && entry.ticket() != null;
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        Promise<Void> done = Promise.promise();
        queued.add(new Queued(entry, done));
        pump();
        return done.future().onFailure(error -> {
            failedCount.incrementAndGet();
            LOG.warn("Duplicate check of stream entry {} (ticket {}, delivery {}) failed; it stays pending: {}",
                    entry.id(), entry.ticket(), entry.deliveries(), error.toString());
        });
    }

    /**
     * Checks every queued entry as one batch, in stream order, unless a batch is already running; the
     * entries that arrive meanwhile form the next batch. Scoring a ticket scans the whole window, so a
     * burst of reports could keep a core busy for minutes; after each batch the consumer pauses long
     * enough to stay within {@code cpuShare} of the time, and the rest waits in the stream.
     */
    private void pump() {
        if (pumping || queued.isEmpty()) {
            return;
        }
        pumping = true;
        List<Queued> batch = new ArrayList<>(queued);
        queued.clear();
        batch.sort((a, b) -> compareIds(a.entry().id(), b.entry().id()));
        Set<String> ids = new HashSet<>();
        List<String> numbers = new ArrayList<>();
        for (Queued item : batch) {
            ids.add(item.entry().id());
            numbers.add(item.entry().ticket());
        }
        long started = System.nanoTime();
        followUpTo(batch.get(batch.size() - 1).entry().id(), ids)
                .compose(v -> detector.checkAll(numbers))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        checkedCount.addAndGet(result.result().size());
                    }
                    for (Queued item : batch) {
                        if (result.succeeded()) {
                            item.done().complete();
                        } else {
                            item.done().fail(result.cause());
                        }
                    }
                    // Rest in proportion to the time spent, so a backlog takes at most cpuShare of the time.
                    long pauseMillis = cpuShare >= 1 ? 0
                            : (long) ((System.nanoTime() - started) / 1e6 * (1 - cpuShare) / cpuShare);
                    if (pauseMillis < 1) {
                        nextBatch();
                    } else {
                        redis.vertx().setTimer(pauseMillis, id -> nextBatch());
                    }
                });
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        LOG.warn("Giving up the duplicate check of ticket {} after {} deliveries of stream entry {}", entry.ticket(),
                entry.deliveries(), entry.id());
        return Future.succeededFuture();
    }

    private void nextBatch() {
        pumping = false;
        pump();
    }

    /**
     * Folds every stream entry after the last one followed, up to and including {@code lastId}, into the
     * window. A ticket's text, place and category never change after creation, so only two kinds of entry
     * matter: a ticket created on another node joins the window (read from the store), and an entry whose
     * status is no longer open takes its ticket out (no read needed). The entries in {@code checking} are
     * left to the check, which reads their tickets anyway.
     */
    private Future<Void> followUpTo(String lastId, Set<String> checking) {
        if (compareIds(followed, lastId) >= 0) {
            return Future.succeededFuture();
        }
        Range<String> range = Range.from(Range.Boundary.excluding(followed), Range.Boundary.including(lastId));
        return redis.call(c -> c.xrange(stream, range, Limit.create(0, FOLLOW_COUNT))).compose(entries -> {
            if (entries.isEmpty()) {
                followed = lastId;
                return Future.succeededFuture();
            }
            LinkedHashSet<String> created = new LinkedHashSet<>();
            List<String> closed = new ArrayList<>();
            for (StreamMessage<String, String> entry : entries) {
                String type = entry.getBody().get("type");
                String number = entry.getBody().get("ticket");
                if (type == null || !type.startsWith("ticket.") || number == null) {
                    continue;
                }
                Optional<TicketStatus> status = TicketStatus.parse(entry.getBody().get("status"));
                if (status.isPresent() && !DuplicateDetector.isOpen(status.get())) {
                    closed.add(number);
                } else if ("ticket.created".equals(type) && !checking.contains(entry.getId())
                        && !detector.window().contains(number)) {
                    created.add(number);
                }
            }
            String newest = entries.get(entries.size() - 1).getId();
            Future<List<Ticket>> fetched = created.isEmpty() ? Future.succeededFuture(List.of())
                    : tickets.findAll(new ArrayList<>(created));
            return fetched.compose(found -> {
                // The stored ticket's own status decides, so a ticket created and closed within the range stays out.
                for (Ticket ticket : found) {
                    detector.observe(ticket);
                }
                closed.forEach(detector.window()::remove);
                followed = newest;
                return followUpTo(lastId, checking);
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
