package io.yikou.core.citizen.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.citizen.CitizenRegistry;
import io.yikou.core.citizen.Identity;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisScript;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link CitizenRegistry} on Redis; find-or-create is one script, so two nodes never create twice. */
public final class RedisCitizenRegistry implements CitizenRegistry {

    private static final RedisScript RESOLVE = RedisScript.load(RedisCitizenRegistry.class,
            "/io/yikou/core/citizen/resolve-citizen.lua");

    private final RedisConnector redis;
    private final Clock clock;

    public RedisCitizenRegistry(RedisConnector redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Future<Citizen> resolve(Identity identity) {
        String id = "P-" + UUID.randomUUID().toString().replace("-", "");
        Citizen fresh = new Citizen(id, List.of(identity), false, clock.instant());
        String[] keys = {RedisKeys.citizenIdentities(), RedisKeys.citizens()};
        return RESOLVE.<String>run(redis, ScriptOutputType.VALUE, keys, identity.indexKey(), id, JsonCodec.write(fresh))
                .map(json -> JsonCodec.read(json, Citizen.class));
    }

    @Override
    public Future<Optional<Citizen>> find(String id) {
        return redis.call(c -> c.hget(RedisKeys.citizens(), id))
                .map(json -> Optional.ofNullable(json).map(text -> JsonCodec.read(text, Citizen.class)));
    }
}
