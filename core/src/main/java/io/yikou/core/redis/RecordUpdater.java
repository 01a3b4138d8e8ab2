package io.yikou.core.redis;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs {@code update-record.lua}: replaces a JSON record only if its stored version is the one the
 * caller read (optimistic concurrency), keeps status indexes in step and announces the change on
 * the stream, all in one atomic step. Thread-safe.
 */
public final class RecordUpdater {

    private static final RedisScript SCRIPT = RedisScript.load(RecordUpdater.class, "/io/yikou/core/redis/update-record.lua");

    /**
     * Outcome of one update.
     *
     * @param state         {@code ok}, {@code missing} or {@code conflict}
     * @param storedVersion the version found on conflict, else {@code null}
     */
    public record Outcome(String state, String storedVersion) {
    }

    private final RedisConnector redis;
    private final long streamMaxLength;

    public RecordUpdater(RedisConnector redis, long streamMaxLength) {
        this.redis = redis;
        this.streamMaxLength = streamMaxLength;
    }

    /**
     * Writes the new JSON.
     *
     * @param statusIndexPrefix prefix of the status index keys (status code appended), or {@code null}
     *                          when the record kind keeps no status indexes
     */
    public Future<Outcome> update(String recordsKey, String statusIndexPrefix, String idField, String id,
                                  long expectedVersion, String json, long newVersion, String streamType,
                                  String oldStatus, String newStatus) {
        boolean indexed = statusIndexPrefix != null;
        String[] keys = {
                recordsKey,
                RedisKeys.stream(),
                indexed ? statusIndexPrefix + oldStatus : recordsKey,
                indexed ? statusIndexPrefix + newStatus : recordsKey
        };
        return SCRIPT.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                        id,
                        Long.toString(expectedVersion),
                        json,
                        Long.toString(newVersion),
                        streamType,
                        oldStatus,
                        newStatus,
                        Long.toString(streamMaxLength),
                        idField,
                        indexed ? "1" : "0")
                .map(reply -> new Outcome((String) reply.get(0), reply.size() > 1 ? String.valueOf(reply.get(1)) : null));
    }
}
