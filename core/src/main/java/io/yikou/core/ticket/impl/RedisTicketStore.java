package io.yikou.core.ticket.impl;

import io.lettuce.core.Range;
import io.lettuce.core.Limit;
import io.lettuce.core.KeyValue;
import io.vertx.core.Future;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.citizen.Identity;
import io.yikou.core.idempotency.IdempotencyConflictException;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RecordCreator;
import io.yikou.core.redis.RecordUpdater;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.ConcurrentUpdateException;
import io.yikou.core.ticket.CreateResult;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketNotFoundException;
import io.yikou.core.ticket.TicketPage;
import io.yikou.core.ticket.TicketQuery;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TicketStore} on Redis: tickets as JSON in one hash, changes announced on the ticket stream,
 * creation and updates done by Lua scripts so each is one atomic step. Thread-safe.
 */
public final class RedisTicketStore implements TicketStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTicketStore.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int MAX_UPDATE_ATTEMPTS = 8;
    /** Upper bound on records read to fill one filtered page, so a rare filter cannot scan everything. */
    private static final int MAX_SCAN = 5000;


    private final RedisConnector redis;
    private final String numberPrefix;
    private final ZoneId zone;
    private final RecordCreator creator;
    private final RecordUpdater updater;

    /**
     * @param numberPrefix    hotline prefix of ticket numbers, such as {@code 96010}
     * @param zone            time zone whose calendar day goes into the number
     * @param idempotencyTtl  how long a key keeps returning its ticket
     * @param streamMaxLength approximate number of stream entries kept
     */
    public RedisTicketStore(RedisConnector redis, String numberPrefix, ZoneId zone,
                            Duration idempotencyTtl, long streamMaxLength) {
        this.redis = redis;
        this.numberPrefix = numberPrefix;
        this.zone = zone;
        this.creator = new RecordCreator(redis, idempotencyTtl, streamMaxLength);
        this.updater = new RecordUpdater(redis, streamMaxLength);
    }

    @Override
    public Future<CreateResult> create(Ticket draft, Optional<IdempotencyKey> key) {
        return create(draft, key, Optional.empty());
    }

    @Override
    public Future<CreateResult> create(Ticket draft, Optional<IdempotencyKey> key, Optional<Identity> reporter) {
        String day = DAY.format(draft.createdAt().atZone(zone));
        Ticket template = withNumber(draft, RecordCreator.PLACEHOLDER);
        Optional<RecordCreator.CitizenLink> citizen = reporter.map(identity -> {
            String id = "P-" + UUID.randomUUID().toString().replace("-", "");
            String citizenJson = JsonCodec.write(new Citizen(id, List.of(identity), false, draft.createdAt()));
            return new RecordCreator.CitizenLink(identity.indexKey(), id, citizenJson);
        });
        if (citizen.isPresent()) {
            template = withCitizen(template, RecordCreator.CITIZEN_PLACEHOLDER);
        }
        // The number is the record's first field, so the placeholder's first occurrence is always it.
        String json = JsonCodec.write(template);
        RecordCreator.Kind kind = new RecordCreator.Kind(RedisKeys.tickets(), RedisKeys.createdIndex(),
                RedisKeys.statusIndex(draft.status().code()), draft.status().code(), "ticket.created", "ticket",
                "ticket");
        return creator.create(kind, json, numberPrefix + "-" + day + "-", day, draft.createdAt(), key, citizen)
                .compose(outcome -> switch (outcome.state()) {
                    case "created" -> Future.succeededFuture(new CreateResult(
                            withCitizen(withNumber(draft, outcome.id()),
                                    outcome.citizenId() != null ? outcome.citizenId() : draft.citizenId()), true));
                    case "existing" -> {
                        LOG.debug("Idempotent repeat in scope {} returned ticket {}",
                                key.map(IdempotencyKey::scope).orElse("-"), outcome.id());
                        yield find(outcome.id()).map(found -> new CreateResult(
                                found.orElseThrow(() -> new TicketNotFoundException(outcome.id())), false));
                    }
                    case "conflict" -> Future.failedFuture(new IdempotencyConflictException(outcome.id()));
                    default -> Future.failedFuture(new IllegalStateException(
                            "unexpected outcome from create-record.lua: " + outcome));
                });
    }

    @Override
    public Future<Optional<Ticket>> find(String number) {
        return redis.call(c -> c.hget(RedisKeys.tickets(), number))
                .map(json -> Optional.ofNullable(json).map(text -> JsonCodec.read(text, Ticket.class)));
    }

    @Override
    public Future<List<Ticket>> findAll(List<String> numbers) {
        if (numbers.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return redis.call(c -> c.hmget(RedisKeys.tickets(), numbers.toArray(String[]::new)))
                .map(values -> {
                    List<Ticket> tickets = new ArrayList<>(values.size());
                    for (KeyValue<String, String> value : values) {
                        if (value.hasValue()) {
                            tickets.add(JsonCodec.read(value.getValue(), Ticket.class));
                        }
                    }
                    return tickets;
                });
    }

    @Override
    public Future<Ticket> replace(Ticket current, Ticket updated, String streamType) {
        return updater.update(RedisKeys.tickets(), RedisKeys.statusIndex(""), "ticket", current.number(),
                        current.version(), JsonCodec.write(updated), updated.version(), streamType,
                        current.status().code(), updated.status().code())
                .compose(outcome -> switch (outcome.state()) {
                    case "ok" -> Future.succeededFuture(updated);
                    case "missing" -> Future.failedFuture(new TicketNotFoundException(current.number()));
                    case "conflict" -> Future.failedFuture(new ConcurrentUpdateException(current.number(),
                            current.version(), outcome.storedVersion()));
                    default -> Future.failedFuture(new IllegalStateException(
                            "unexpected outcome from update-record.lua: " + outcome));
                });
    }

    @Override
    public Future<Ticket> modify(String number, UnaryOperator<Ticket> change, String streamType) {
        return modify(number, change, streamType, 1);
    }

    private Future<Ticket> modify(String number, UnaryOperator<Ticket> change, String streamType, int attempt) {
        return find(number).compose(found -> {
            Ticket current = found.orElseThrow(() -> new TicketNotFoundException(number));
            Ticket updated = change.apply(current);
            if (updated == current) {
                return Future.succeededFuture(current);
            }
            return replace(current, updated, streamType).recover(error -> {
                if (error instanceof ConcurrentUpdateException && attempt < MAX_UPDATE_ATTEMPTS) {
                    LOG.debug("Ticket {} changed concurrently; retrying update (attempt {})", number, attempt + 1);
                    return modify(number, change, streamType, attempt + 1);
                }
                return Future.failedFuture(error);
            });
        });
    }

    @Override
    public Future<TicketPage> recent(TicketQuery query) {
        double upper = query.before() == null ? Double.POSITIVE_INFINITY : query.before().toEpochMilli() - 1;
        double lower = query.from() == null ? Double.NEGATIVE_INFINITY : query.from().toEpochMilli();
        return scan(query, new ArrayList<>(), Range.create(lower, upper), 0);
    }

    // NOTE: the page cursor is a creation time, so tickets created in the same millisecond as the last
    // one on a page, but not on it, are skipped by the next page.
    private Future<TicketPage> scan(TicketQuery query, List<Ticket> page, Range<Double> range, int offset) {
        int batch = Math.min(500, Math.max(query.limit() * 2, 50));
        return redis.call(c -> c.zrevrangebyscore(RedisKeys.createdIndex(), range, Limit.create(offset, batch)))
                .compose(numbers -> findAll(numbers).compose(tickets -> {
                    Instant last = null;
                    for (Ticket ticket : tickets) {
                        last = ticket.createdAt();
                        if (query.matches(ticket)) {
                            page.add(ticket);
                            if (page.size() == query.limit()) {
                                return Future.succeededFuture(new TicketPage(List.copyOf(page), ticket.createdAt()));
                            }
                        }
                    }
                    int scanned = offset + numbers.size();
                    if (numbers.size() < batch || last == null) {
                        return Future.succeededFuture(new TicketPage(List.copyOf(page), null));
                    }
                    if (scanned >= MAX_SCAN) {
                        // Hand back a cursor so the caller can continue past the scan bound.
                        return Future.succeededFuture(new TicketPage(List.copyOf(page), last));
                    }
                    return scan(query, page, range, scanned);
                }));
    }

    @Override
    public Future<List<String>> numbersIn(TicketStatus status) {
        return redis.call(c -> c.smembers(RedisKeys.statusIndex(status.code())))
                .map(members -> members.stream().sorted().toList());
    }

    private static Ticket withCitizen(Ticket t, String citizenId) {
        return new Ticket(t.number(), t.type(), t.categoryCode(), t.department(), t.description(), t.location(),
                t.channels(), t.attachments(), t.reporter(), citizenId, t.status(), t.caseRef(), t.routing(),
                t.externalIds(), t.createdAt(), t.updatedAt(), t.version(), t.events());
    }

    private static Ticket withNumber(Ticket t, String number) {
        return new Ticket(number, t.type(), t.categoryCode(), t.department(), t.description(), t.location(),
                t.channels(), t.attachments(), t.reporter(), t.citizenId(), t.status(), t.caseRef(), t.routing(),
                t.externalIds(), t.createdAt(), t.updatedAt(), t.version(), t.events());
    }
}
