package io.yikou.core.casesystem;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.CaseReference;
import io.yikou.core.ticket.ConcurrentUpdateException;
import io.yikou.core.ticket.RoutingState;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands new tickets to the case system, one stream entry at a time per slot.
 *
 * <p>For each {@code ticket.created} or {@code ticket.routing-retry} entry it reads the ticket and,
 * if still new, submits it. Retriable failures (connection errors, timeouts, 5xx) are retried with
 * backoff until {@code maxAttempts}; the attempt count is stored on the ticket, so it survives a
 * crash and continues on whichever node claims the entry. A 4xx, or running out of attempts, marks
 * the ticket routing-failed with the reason. Reading the ticket first makes redelivery harmless: a
 * ticket that is already routed is acknowledged without a second submission.
 */
public final class CaseRouter implements StreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CaseRouter.class);
    private static final Set<String> ROUTABLE_ENTRIES = Set.of("ticket.created", "ticket.routing-retry");
    static final String ACTOR = "case-router";

    private final Vertx vertx;
    private final TicketStore tickets;
    private final CaseConnector connector;
    private final CaseSystemOptions options;
    private final Backoff backoff;
    private final Clock clock;
    private final RedisConnector redis;
    private final PushPublisher push;
    private final Map<Long, Promise<Void>> waits = new HashMap<>();
    private volatile boolean stopping;

    public CaseRouter(Vertx vertx, TicketStore tickets, CaseConnector connector, CaseSystemOptions options,
                      Backoff backoff, Clock clock, RedisConnector redis) {
        this.vertx = vertx;
        this.tickets = tickets;
        this.connector = connector;
        this.options = options;
        this.backoff = backoff;
        this.clock = clock;
        this.redis = redis;
        this.push = new PushPublisher(redis);
    }

    @Override
    public boolean wants(StreamEntry entry) {
        return ROUTABLE_ENTRIES.contains(entry.type()) && entry.ticket() != null;
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        if (!wants(entry)) {
            return Future.succeededFuture();
        }
        return tickets.find(entry.ticket()).compose(found -> {
            if (found.isEmpty()) {
                LOG.warn("Stream entry {} names ticket {}, which does not exist; skipping it", entry.id(),
                        entry.ticket());
                return Future.succeededFuture();
            }
            Ticket ticket = found.get();
            if (!ticket.isRoutable()) {
                LOG.debug("Ticket {} is {}, not routing it", ticket.number(), ticket.status().code());
                return Future.succeededFuture();
            }
            return submit(ticket, ticket.routing().attempts() + 1);
        });
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        if (entry.ticket() == null) {
            return Future.succeededFuture();
        }
        return markFailed(entry.ticket(), -1, "routing failed repeatedly on every node that tried it; see the logs")
                .mapEmpty();
    }

    /** Cancels backoff waits so in-flight entries end now and stay pending for another node. */
    public void stop() {
        stopping = true;
        for (Map.Entry<Long, Promise<Void>> wait : Map.copyOf(waits).entrySet()) {
            vertx.cancelTimer(wait.getKey());
            wait.getValue().tryFail("node is shutting down");
        }
        waits.clear();
    }

    private Future<Void> attempt(String number, int attemptNo) {
        if (stopping) {
            return Future.failedFuture("node is shutting down");
        }
        // Re-read after a backoff wait: staff or another node may have changed the ticket meanwhile.
        return tickets.find(number).compose(found -> {
            Ticket ticket = found.orElse(null);
            if (ticket == null || !ticket.isRoutable()) {
                return Future.succeededFuture();
            }
            return submit(ticket, attemptNo);
        });
    }

    private Future<Void> submit(Ticket ticket, int attemptNo) {
        String number = ticket.number();
        LOG.info("Routing ticket {} to the {} case system, attempt {} of {}", number, connector.type(),
                attemptNo, options.maxAttempts());
        return connector.submit(CaseRequests.of(ticket, options))
                .compose(receipt -> recordSuccess(ticket, receipt, attemptNo))
                .recover(error -> onFailure(number, attemptNo, error));
    }

    private Future<Void> onFailure(String number, int attemptNo, Throwable error) {
        CaseSystemException failure = error instanceof CaseSystemException known ? known
                : new CaseSystemUnavailableException(error.getClass().getSimpleName() + ": " + error.getMessage());
        if (!failure.isRetriable()) {
            LOG.warn("Case system rejected ticket {} on attempt {}: {}", number, attemptNo, failure.getMessage());
            return markFailed(number, attemptNo, failure.getMessage());
        }
        if (attemptNo >= options.maxAttempts()) {
            LOG.warn("Giving up routing ticket {} after {} attempts: {}", number, attemptNo, failure.getMessage());
            return markFailed(number, attemptNo, "gave up after " + attemptNo + " attempts: " + failure.getMessage());
        }
        Duration delay = backoff.delay(attemptNo);
        LOG.warn("Attempt {} to route ticket {} failed, retrying in {} ms: {}", attemptNo, number, delay.toMillis(),
                failure.getMessage());
        return recordAttempt(number, attemptNo, failure.getMessage())
                .compose(ticket -> sleep(delay))
                .compose(v -> attempt(number, attemptNo + 1));
    }

    private Future<Void> recordSuccess(Ticket read, CaseReceipt receipt, int attemptNo) {
        String number = read.number();
        Instant now = clock.instant();
        Map<String, String> data = new HashMap<>();
        if (receipt.caseId() != null) {
            data.put("caseId", receipt.caseId());
        }
        if (receipt.token() != null) {
            data.put("token", receipt.token());
        }
        UnaryOperator<Ticket> route = ticket -> {
            if (!ticket.isRoutable()) {
                return ticket;
            }
            CaseReference reference = new CaseReference(connector.type(), receipt.caseId(), receipt.token(), now,
                    receipt.notice());
            return ticket.withCaseRef(reference)
                    .withRouting(new RoutingState(attemptNo, null, now))
                    .transition(TicketStatus.ROUTED, now, ACTOR, receipt.notice(), data);
        };
        // Write over the version just submitted; only if it changed meanwhile read it again.
        return tickets.replace(read, route.apply(read), "ticket.status")
                .recover(error -> error instanceof ConcurrentUpdateException
                        ? tickets.modify(number, route, "ticket.status") : Future.failedFuture(error))
                .compose(ticket -> {
                    LOG.info("Routed ticket {} on attempt {}: case {}", number, attemptNo,
                            receipt.caseId() != null ? receipt.caseId() : "pending (token " + receipt.token() + ")");
                    if (receipt.caseId() == null && receipt.token() != null) {
                        long due = now.toEpochMilli() + backoff.delay(1).toMillis();
                        return redis.call(c -> c.zadd(RedisKeys.caseTokens(), due, number)).mapEmpty();
                    }
                    return Future.succeededFuture();
                });
    }

    private Future<Ticket> recordAttempt(String number, int attemptNo, String reason) {
        Instant now = clock.instant();
        return tickets.modify(number, ticket -> ticket
                        .withRouting(new RoutingState(attemptNo, reason, now))
                        .withEvent(new TicketEvent(now, "routing_attempt_failed", null, null, ACTOR, reason,
                                Map.of("attempt", Integer.toString(attemptNo)))),
                "ticket.routing-attempt");
    }

    private Future<Void> markFailed(String number, int attemptNo, String reason) {
        Instant now = clock.instant();
        AtomicBoolean failedNow = new AtomicBoolean();
        return tickets.modify(number, ticket -> {
                    failedNow.set(false);
                    if (!ticket.status().canMoveTo(TicketStatus.ROUTING_FAILED) || ticket.status() != TicketStatus.NEW) {
                        return ticket;
                    }
                    failedNow.set(true);
                    int attempts = attemptNo < 0 ? ticket.routing().attempts() : attemptNo;
                    return ticket.withRouting(new RoutingState(attempts, reason, now))
                            .transition(TicketStatus.ROUTING_FAILED, now, ACTOR, reason, Map.of());
                }, "ticket.status")
                .onSuccess(ticket -> {
                    if (failedNow.get()) {
                        // Supervisors see the failure on the wallboard at once; a lost event only delays it
                        // until the wallboard reads GET /api/v1/routing-failures again.
                        push.publish(new PushEvent("wallboard.failures", "ticket.routing-failed", now, null,
                                new JsonObject().put("number", number).put("reason", reason)));
                    }
                })
                .mapEmpty();
    }

    private Future<Void> sleep(Duration delay) {
        if (stopping) {
            return Future.failedFuture("node is shutting down");
        }
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            waits.remove(id);
            done.tryComplete();
        });
        waits.put(timer, done);
        return done.future();
    }
}
