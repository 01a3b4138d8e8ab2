package io.yikou.core.audit.impl;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.vertx.core.Future;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.audit.AuditPage;
import io.yikou.core.audit.AuditQuery;
import io.yikou.core.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AuditLog} as the Redis stream {@code {yka}:audit}. The stream has a hash tag of its own so a
 * Redis Cluster can keep it on another shard than tickets and sessions. Appending trims entries older
 * than the retention (approximately, in whole stream nodes). Thread-safe.
 */
public final class RedisAuditLog implements AuditLog {

    /** Stream key. */
    public static final String KEY = "{yka}:audit";
    /** Entries read per round trip while filtering. */
    private static final int BATCH = 500;
    /** Entries scanned per query at most, so one request cannot walk a year of log. */
    private static final int MAX_SCANNED = 20_000;

    private final RedisConnector redis;
    private final Clock clock;
    private final Duration retention;

    public RedisAuditLog(RedisConnector redis, Clock clock, Duration retention) {
        this.redis = redis;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Future<Void> append(AuditEntry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "at", entry.at().toString());
        put(fields, "actorKind", entry.actorKind());
        put(fields, "actorId", entry.actorId());
        put(fields, "actorName", entry.actorName());
        put(fields, "actorRole", entry.actorRole());
        put(fields, "action", entry.action());
        put(fields, "ticket", entry.ticket());
        put(fields, "citizen", entry.citizen());
        put(fields, "targetUser", entry.targetUser());
        put(fields, "address", entry.address());
        put(fields, "detail", entry.detail());
        long oldest = Math.max(0, clock.millis() - retention.toMillis());
        XAddArgs args = new XAddArgs().minId(Long.toString(oldest)).approximateTrimming();
        return redis.call(c -> c.xadd(KEY, args, fields)).mapEmpty();
    }

    @Override
    public Future<AuditPage> query(AuditQuery query) {
        return scan(query, query.before(), new ArrayList<>(), 0);
    }

    private Future<AuditPage> scan(AuditQuery query, String before, List<AuditEntry> found, int scanned) {
        Range.Boundary<String> upper = before == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(before);
        Range<String> range = Range.from(Range.Boundary.unbounded(), upper);
        return redis.<List<StreamMessage<String, String>>>call(c -> c.xrevrange(KEY, range, Limit.from(BATCH)))
                .compose(batch -> {
                    String last = before;
                    for (StreamMessage<String, String> message : batch) {
                        last = message.getId();
                        AuditEntry entry = entry(message);
                        if (query.matches(entry)) {
                            found.add(entry);
                            if (found.size() == query.limit()) {
                                return Future.succeededFuture(new AuditPage(found, message.getId()));
                            }
                        }
                    }
                    int total = scanned + batch.size();
                    if (batch.size() < BATCH) {
                        return Future.succeededFuture(new AuditPage(found, null));
                    }
                    if (total >= MAX_SCANNED) {
                        return Future.succeededFuture(new AuditPage(found, last));
                    }
                    return scan(query, last, found, total);
                });
    }

    private static AuditEntry entry(StreamMessage<String, String> message) {
        Map<String, String> body = message.getBody();
        String at = body.get("at");
        return new AuditEntry(message.getId(), at == null ? Instant.EPOCH : Instant.parse(at), body.get("actorKind"),
                body.get("actorId"), body.get("actorName"), body.get("actorRole"), body.get("action"),
                body.get("ticket"), body.get("citizen"), body.get("targetUser"), body.get("address"),
                body.get("detail"));
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
