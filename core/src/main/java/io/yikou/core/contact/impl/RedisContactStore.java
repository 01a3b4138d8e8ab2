package io.yikou.core.contact.impl;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.vertx.core.Future;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactStore;
import io.yikou.core.idempotency.IdempotencyConflictException;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RecordCreator;
import io.yikou.core.redis.RecordUpdater;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ContactStore} on Redis, using the same atomic scripts as tickets. Thread-safe. */
public final class RedisContactStore implements ContactStore {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int MAX_UPDATE_ATTEMPTS = 8;

    private final RedisConnector redis;
    private final ZoneId zone;
    private final RecordCreator creator;
    private final RecordUpdater updater;

    public RedisContactStore(RedisConnector redis, ZoneId zone, java.time.Duration idempotencyTtl,
                             long streamMaxLength) {
        this.redis = redis;
        this.zone = zone;
        this.creator = new RecordCreator(redis, idempotencyTtl, streamMaxLength);
        this.updater = new RecordUpdater(redis, streamMaxLength);
    }

    @Override
    public Future<Created> create(Contact draft, Optional<IdempotencyKey> key) {
        String day = DAY.format(draft.startedAt().atZone(zone));
        String json = JsonCodec.write(withId(draft, RecordCreator.PLACEHOLDER));
        RecordCreator.Kind kind = new RecordCreator.Kind(RedisKeys.contacts(), RedisKeys.contactIndex(), null,
                draft.state().code(), "contact.created", "contact", "contact");
        return creator.create(kind, json, "C-" + day + "-", day, draft.startedAt(), key)
                .compose(outcome -> switch (outcome.state()) {
                    case "created" -> Future.succeededFuture(new Created(withId(draft, outcome.id()), true));
                    case "existing" -> find(outcome.id()).map(found -> new Created(found.orElseThrow(
                            () -> new NoSuchElementException("contact " + outcome.id() + " vanished")), false));
                    case "conflict" -> Future.failedFuture(new IdempotencyConflictException(outcome.id()));
                    default -> Future.failedFuture(new IllegalStateException("unexpected outcome " + outcome));
                });
    }

    @Override
    public Future<Optional<Contact>> find(String id) {
        return redis.call(c -> c.hget(RedisKeys.contacts(), id))
                .map(json -> Optional.ofNullable(json).map(text -> JsonCodec.read(text, Contact.class)));
    }

    @Override
    public Future<Contact> modify(String id, UnaryOperator<Contact> change) {
        return modify(id, change, 1);
    }

    private Future<Contact> modify(String id, UnaryOperator<Contact> change, int attempt) {
        return find(id).compose(found -> {
            Contact current = found.orElseThrow(() -> new NoSuchElementException("contact not found: " + id));
            Contact updated = change.apply(current);
            if (updated == current) {
                return Future.succeededFuture(current);
            }
            return updater.update(RedisKeys.contacts(), null, "contact", id, current.version(),
                            JsonCodec.write(updated), updated.version(), "contact.updated",
                            current.state().code(), updated.state().code())
                    .compose(outcome -> switch (outcome.state()) {
                        case "ok" -> Future.succeededFuture(updated);
                        case "conflict" -> attempt < MAX_UPDATE_ATTEMPTS
                                ? modify(id, change, attempt + 1)
                                : Future.failedFuture(new IllegalStateException(
                                        "contact " + id + " kept changing; gave up after " + attempt + " attempts"));
                        default -> Future.failedFuture(new NoSuchElementException("contact not found: " + id));
                    });
        });
    }

    @Override
    public Future<List<Contact>> recent(Instant from, Instant to, int limit) {
        Range<Double> range = Range.create((double) from.toEpochMilli(), (double) to.toEpochMilli() - 1);
        return redis.call(c -> c.zrevrangebyscore(RedisKeys.contactIndex(), range, Limit.create(0, limit)))
                .compose(ids -> ids.isEmpty()
                        ? Future.succeededFuture(List.<KeyValue<String, String>>of())
                        : redis.call(c -> c.hmget(RedisKeys.contacts(), ids.toArray(String[]::new))))
                .map(values -> {
                    List<Contact> contacts = new ArrayList<>();
                    for (KeyValue<String, String> value : values) {
                        if (value.hasValue()) {
                            contacts.add(JsonCodec.read(value.getValue(), Contact.class));
                        }
                    }
                    return contacts;
                });
    }

    private static Contact withId(Contact c, String id) {
        return new Contact(id, c.channel(), c.account(), c.externalId(), c.citizenId(), c.state(), c.startedAt(),
                c.endedAt(), c.summary(), c.ticketNumbers(), c.details(), c.updatedAt(), c.version());
    }
}
