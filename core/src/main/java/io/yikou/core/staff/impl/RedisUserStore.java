package io.yikou.core.staff.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;
import io.yikou.core.staff.StaffKeys;
import io.yikou.core.staff.StaffUser;
import io.yikou.core.staff.UserStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link UserStore} on two Redis hashes: accounts by id and ids by login name. Thread-safe. */
public final class RedisUserStore implements UserStore {

    private static final RedisScript CREATE = RedisScript.load(RedisUserStore.class,
            "/io/yikou/core/staff/impl/create-user.lua");
    private static final RedisScript UPDATE = RedisScript.load(RedisUserStore.class,
            "/io/yikou/core/staff/impl/update-user.lua");
    /** Concurrent admin edits of one account are rare; a few rounds settle them. */
    private static final int MAX_UPDATE_ATTEMPTS = 5;

    private final RedisConnector redis;

    public RedisUserStore(RedisConnector redis) {
        this.redis = redis;
    }

    @Override
    public Future<Boolean> create(StaffUser user) {
        String[] keys = {StaffKeys.usernames(), StaffKeys.users()};
        return CREATE.<Long>run(redis, ScriptOutputType.INTEGER, keys, user.username(), user.id(),
                JsonCodec.write(user)).map(stored -> stored == 1L);
    }

    @Override
    public Future<Optional<StaffUser>> find(String id) {
        return redis.<String>call(c -> c.hget(StaffKeys.users(), id)).map(RedisUserStore::parse);
    }

    @Override
    public Future<Optional<StaffUser>> findByUsername(String username) {
        return redis.<String>call(c -> c.hget(StaffKeys.usernames(), username))
                .compose(id -> id == null ? Future.succeededFuture(Optional.empty()) : find(id));
    }

    @Override
    public Future<List<StaffUser>> list() {
        return redis.<Map<String, String>>call(c -> c.hgetall(StaffKeys.users())).map(all -> {
            List<StaffUser> users = new ArrayList<>();
            for (String json : all.values()) {
                users.add(JsonCodec.read(json, StaffUser.class));
            }
            users.sort(Comparator.comparing(StaffUser::username));
            return users;
        });
    }

    @Override
    public Future<Optional<StaffUser>> update(String id, UnaryOperator<StaffUser> change) {
        return attemptUpdate(id, change, 1);
    }

    private Future<Optional<StaffUser>> attemptUpdate(String id, UnaryOperator<StaffUser> change, int attempt) {
        return find(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            StaffUser current = found.get();
            StaffUser changed;
            try {
                changed = change.apply(current).nextVersion();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            String[] keys = {StaffKeys.users()};
            return UPDATE.<String>run(redis, ScriptOutputType.VALUE, keys, id, Long.toString(current.version()),
                    JsonCodec.write(changed)).compose(outcome -> switch (outcome) {
                        case "ok" -> Future.succeededFuture(Optional.of(changed));
                        case "missing" -> Future.succeededFuture(Optional.<StaffUser>empty());
                        default -> attempt < MAX_UPDATE_ATTEMPTS
                                ? attemptUpdate(id, change, attempt + 1)
                                : Future.failedFuture(new IllegalStateException("account " + id
                                        + " changed concurrently " + attempt + " times; giving up"));
                    });
        });
    }

    private static Optional<StaffUser> parse(String json) {
        return json == null ? Optional.empty() : Optional.of(JsonCodec.read(json, StaffUser.class));
    }
}
