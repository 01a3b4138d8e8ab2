package io.yikou.core.redis;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.idempotency.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs {@code create-record.lua}: one atomic step that checks the idempotency key, allocates a
 * day-sequenced id such as {@code 96010-20261204-000123}, stores the JSON record, indexes it and
 * appends the stream entry announcing it. Thread-safe.
 */
public final class RecordCreator {

    /** Marker the record JSON carries where the id goes; NUL never occurs in encoded JSON text. */
    public static final String PLACEHOLDER = "\u0000id\u0000";
    private static final long SEQUENCE_TTL_SECONDS = Duration.ofDays(3).toSeconds();
    private static final RedisScript SCRIPT = RedisScript.load(RecordCreator.class, "/io/yikou/core/redis/create-record.lua");

    /**
     * The kind of record to create and the keys it goes to.
     *
     * @param recordsKey     hash of id to JSON
     * @param createdIndex   sorted set of ids by creation time
     * @param statusIndex    set to add the id to, or {@code null}
     * @param status         initial status written to the stream entry
     * @param streamType     stream entry type, such as {@code ticket.created}
     * @param idField        stream field carrying the id, such as {@code ticket}
     * @param sequenceScope  name separating this record kind's day counters from others
     */
    public record Kind(String recordsKey, String createdIndex, String statusIndex, String status,
                       String streamType, String idField, String sequenceScope) {
    }

    /**
     * A citizen to link to the new record in the same atomic step.
     *
     * @param identityKey  the identity's index key, such as {@code phone:13800001234}
     * @param newId        id to give the citizen when none holds the identity yet
     * @param newJson      the citizen's JSON when it is created
     */
    public record CitizenLink(String identityKey, String newId, String newJson) {
    }

    /** Marker the record JSON carries where the citizen id goes. */
    public static final String CITIZEN_PLACEHOLDER = "\u0000cid\u0000";

    /**
     * Outcome of one creation.
     *
     * @param state {@code created}, {@code existing} (an idempotent repeat) or {@code conflict}
     *              (the key was used with other content)
     * @param id        the new or the existing id
     * @param citizenId the linked citizen's id when this call created the record with a citizen,
     *                  else {@code null}
     */
    public record Outcome(String state, String id, String citizenId) {
    }

    private final RedisConnector redis;
    private final Duration idempotencyTtl;
    private final long streamMaxLength;

    public RecordCreator(RedisConnector redis, Duration idempotencyTtl, long streamMaxLength) {
        this.redis = redis;
        this.idempotencyTtl = idempotencyTtl;
        this.streamMaxLength = streamMaxLength;
    }

    /**
     * Creates the record.
     *
     * @param json     the record's JSON with {@link #PLACEHOLDER} (JSON-escaped) where the id goes
     * @param idPrefix id prefix including the day and a trailing dash, such as {@code 96010-20261204-}
     * @param day      {@code yyyyMMdd}, selecting the day counter
     */
    public Future<Outcome> create(Kind kind, String json, String idPrefix, String day, Instant createdAt,
                                  Optional<IdempotencyKey> key) {
        return create(kind, json, idPrefix, day, createdAt, key, Optional.empty());
    }

    /**
     * Creates the record and links a citizen: the one holding {@code citizen}'s identity, created if
     * none does. Its id replaces {@link #CITIZEN_PLACEHOLDER} (JSON-escaped) in the record.
     */
    public Future<Outcome> create(Kind kind, String json, String idPrefix, String day, Instant createdAt,
                                  Optional<IdempotencyKey> key, Optional<CitizenLink> citizen) {
        String escapedPlaceholder = "\\u0000id\\u0000";
        if (!json.contains(escapedPlaceholder)) {
            return Future.failedFuture(new IllegalArgumentException("record JSON lacks the id placeholder"));
        }
        String[] keys = {
                key.map(k -> RedisKeys.idempotency(k.digest()))
                        .orElse(RedisKeys.idempotency("none:" + UUID.randomUUID())),
                RedisKeys.sequence(kind.sequenceScope() + ":" + day),
                kind.recordsKey(),
                RedisKeys.stream(),
                kind.createdIndex(),
                kind.statusIndex() == null ? kind.recordsKey() : kind.statusIndex(),
                RedisKeys.citizenIdentities(),
                RedisKeys.citizens()
        };
        return SCRIPT.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                        key.isPresent() ? "1" : "0",
                        key.map(IdempotencyKey::fingerprint).orElse(""),
                        idPrefix,
                        json,
                        escapedPlaceholder,
                        Long.toString(idempotencyTtl.toSeconds()),
                        Long.toString(createdAt.toEpochMilli()),
                        Long.toString(streamMaxLength),
                        Long.toString(SEQUENCE_TTL_SECONDS),
                        kind.status(),
                        kind.streamType(),
                        kind.idField(),
                        kind.statusIndex() == null ? "0" : "1",
                        citizen.map(CitizenLink::identityKey).orElse(""),
                        citizen.map(CitizenLink::newId).orElse(""),
                        citizen.map(CitizenLink::newJson).orElse(""),
                        "\\u0000cid\\u0000")
                .map(reply -> new Outcome((String) reply.get(0), (String) reply.get(1),
                        reply.size() > 3 && !"".equals(reply.get(3)) ? (String) reply.get(3) : null));
    }
}
