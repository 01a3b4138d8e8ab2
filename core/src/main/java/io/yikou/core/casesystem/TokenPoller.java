package io.yikou.core.casesystem;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisScript;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanges Open311 batch tokens for case ids. Routed tickets that got a token wait in a sorted set
 * scored by their next poll time; every node polls, and a Lua script leases each due ticket to one
 * node at a time. The wait between polls grows with the ticket's age, up to the backoff maximum.
 */
public final class TokenPoller {

    private static final Logger LOG = LoggerFactory.getLogger(TokenPoller.class);
    private static final RedisScript CLAIM = RedisScript.load(TokenPoller.class,
            "/io/yikou/core/casesystem/claim-due-tokens.lua");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final Vertx vertx;
    private final RedisConnector redis;
    private final TicketStore tickets;
    private final CaseConnector connector;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private long timer = -1;

    public TokenPoller(Vertx vertx, RedisConnector redis, TicketStore tickets, CaseConnector connector,
                       Duration minDelay, Duration maxDelay, Clock clock) {
        this.vertx = vertx;
        this.redis = redis;
        this.tickets = tickets;
        this.connector = connector;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    public void start(Duration period) {
        timer = vertx.setPeriodic(period.toMillis(), id -> pollDue());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Polls every ticket whose next poll time has come; returns when all polls finished. */
    public Future<Void> pollDue() {
        long now = clock.millis();
        String[] keys = {RedisKeys.caseTokens()};
        return CLAIM.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, Long.toString(now),
                        Long.toString(now + LEASE.toMillis()), Integer.toString(BATCH))
                .compose(numbers -> {
                    List<Future<Void>> polls = numbers.stream().map(n -> poll((String) n)).toList();
                    return Future.join(polls).<Void>mapEmpty();
                })
                .recover(error -> {
                    LOG.warn("Polling case tokens failed: {}", error.toString());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> poll(String number) {
        return tickets.find(number).compose(found -> {
            Ticket ticket = found.orElse(null);
            if (ticket == null || ticket.caseRef() == null || ticket.caseRef().caseId() != null
                    || ticket.caseRef().token() == null) {
                return forget(number);
            }
            String token = ticket.caseRef().token();
            return connector.resolveToken(token).compose(id -> {
                if (id.isEmpty()) {
                    return reschedule(ticket);
                }
                Instant now = clock.instant();
                return tickets.modify(number, current -> current.caseRef() == null || current.caseRef().caseId() != null
                                ? current
                                : current.withCaseRef(current.caseRef().withCaseId(id.get()))
                                        .withEvent(new TicketEvent(now, "case_id_received", null, null,
                                                CaseRouter.ACTOR, null, Map.of("caseId", id.get(), "token", token))),
                        "ticket.case-id")
                        .compose(t -> {
                            LOG.info("Ticket {} got case id {} for token {}", number, id.get(), token);
                            return forget(number);
                        });
            }).recover(error -> {
                LOG.warn("Resolving token {} of ticket {} failed: {}", token, number, error.getMessage());
                return reschedule(ticket);
            });
        });
    }

    private Future<Void> reschedule(Ticket ticket) {
        long age = clock.millis() - ticket.caseRef().submittedAt().toEpochMilli();
        long delay = Math.max(minDelay.toMillis(), Math.min(maxDelay.toMillis(), age / 2));
        long due = clock.millis() + delay;
        return redis.call(c -> c.zadd(RedisKeys.caseTokens(), due, ticket.number())).mapEmpty();
    }

    private Future<Void> forget(String number) {
        return redis.call(c -> c.zrem(RedisKeys.caseTokens(), number)).mapEmpty();
    }
}
