package io.yikou.channels.webform.open311;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.vertx.core.Future;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Redis index behind {@code GET requests}: numbers of tickets filed through Open311, scored by
 * creation time, so the open listing never scans tickets from other channels.
 *
 * <p>A ticket is indexed after intake stores it and before the client gets its id. After a crash in
 * between, the ticket stays unlisted until the client retries with the same idempotency key,
 * because the retry returns the same ticket and indexes it again. Without a key the ticket stays
 * unlisted, though staff still see it.
 */
final class Open311Index {

    /** Sorted set of Open311 ticket numbers scored by creation time in epoch milliseconds. */
    static final String KEY = "{yk}:idx:open311";

    /** Numbers read from the index per Redis round trip. */
    private static final int BATCH = 500;

    /** Maximum index entries read for one listing, so a narrow filter cannot make one request scan everything. */
    static final int MAX_SCAN = 20_000;

    private final RedisConnector redis;
    private final TicketStore tickets;

    Open311Index(RedisConnector redis, TicketStore tickets) {
        this.redis = redis;
        this.tickets = tickets;
    }

    /** Adds a ticket; adding it again changes nothing. */
    Future<Void> add(Ticket ticket) {
        return redis.call(c -> c.zadd(KEY, (double) ticket.createdAt().toEpochMilli(), ticket.number()))
                .mapEmpty();
    }

    /**
     * Lists tickets created in {@code [from, to]} that pass {@code filter}, newest first.
     *
     * @param limit maximum tickets returned
     */
    Future<List<Ticket>> list(Instant from, Instant to, Predicate<Ticket> filter, int limit) {
        Range<Double> range = Range.create((double) from.toEpochMilli(), (double) to.toEpochMilli());
        return scan(range, filter, limit, 0, new ArrayList<>());
    }

    private Future<List<Ticket>> scan(Range<Double> range, Predicate<Ticket> filter, int limit, int offset,
                                      List<Ticket> found) {
        return redis.call(c -> c.zrevrangebyscore(KEY, range, Limit.create(offset, BATCH)))
                .compose(numbers -> tickets.findAll(numbers).compose(batch -> {
                    for (Ticket ticket : batch) {
                        if (filter.test(ticket)) {
                            found.add(ticket);
                            if (found.size() == limit) {
                                return Future.succeededFuture(found);
                            }
                        }
                    }
                    int scanned = offset + numbers.size();
                    if (numbers.size() < BATCH || scanned >= MAX_SCAN) {
                        return Future.succeededFuture(found);
                    }
                    return scan(range, filter, limit, scanned, found);
                }));
    }
}
