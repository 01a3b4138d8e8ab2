package io.yikou.core.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.module.Module;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code /health} report: Redis reachability and round-trip time, the ticket stream's
 * length, each consumer group's pending entries and lag, and what each module reports.
 */
public final class HealthCheck {

    private final RedisConnector redis;
    private final List<Module> modules;
    private final String nodeId;

    public HealthCheck(RedisConnector redis, List<Module> modules, String nodeId) {
        this.redis = redis;
        this.modules = List.copyOf(modules);
        this.nodeId = nodeId;
    }

    /** Returns the report; {@code status} is {@code ok} only when Redis replies. */
    public Future<JsonObject> report() {
        long started = System.nanoTime();
        Future<JsonObject> redisPart = redis.call(c -> c.ping())
                .map(pong -> new JsonObject()
                        .put("status", "ok")
                        .put("endpoint", redis.endpoint())
                        .put("roundTripMs", (System.nanoTime() - started) / 1_000_000.0))
                .otherwise(error -> new JsonObject()
                        .put("status", "down")
                        .put("endpoint", redis.endpoint())
                        .put("error", error.getClass().getSimpleName() + ": " + error.getMessage()));
        Future<JsonObject> streamPart = streamReport().otherwise(error -> new JsonObject()
                .put("error", error.getClass().getSimpleName() + ": " + error.getMessage()));

        List<Future<JsonObject>> moduleParts = new ArrayList<>();
        for (Module module : modules) {
            moduleParts.add(module.health().otherwise(error -> new JsonObject()
                    .put("status", "down").put("error", String.valueOf(error.getMessage()))));
        }
        return Future.all(redisPart, streamPart, Future.all(moduleParts)).map(all -> {
            JsonObject redisJson = redisPart.result();
            JsonObject modulesJson = new JsonObject();
            for (int i = 0; i < modules.size(); i++) {
                JsonObject part = moduleParts.get(i).result();
                if (part != null) {
                    modulesJson.put(modules.get(i).name(), part);
                }
            }
            boolean ok = "ok".equals(redisJson.getString("status"));
            return new JsonObject()
                    .put("status", ok ? "ok" : "down")
                    .put("node", nodeId)
                    .put("redis", redisJson)
                    .put("stream", streamPart.result())
                    .put("modules", modulesJson);
        });
    }

    private Future<JsonObject> streamReport() {
        String stream = RedisKeys.stream();
        return redis.call(c -> c.xlen(stream)).compose(length -> {
            if (length == 0) {
                return Future.succeededFuture(new JsonObject().put("length", 0).put("groups", new JsonArray()));
            }
            return redis.call(c -> c.xinfoGroups(stream)).compose(groups -> {
                JsonArray list = new JsonArray();
                for (Object group : groups) {
                    list.add(groupJson(group));
                }
                return Future.succeededFuture(new JsonObject().put("length", length).put("groups", list));
            });
        });
    }

    /** Converts one XINFO GROUPS entry (a flat key/value list) to JSON; {@code lag} needs Redis 7. */
    @SuppressWarnings("unchecked")
    private static JsonObject groupJson(Object group) {
        JsonObject json = new JsonObject();
        if (group instanceof List<?> fields) {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String key = String.valueOf(fields.get(i));
                Object value = fields.get(i + 1);
                switch (key) {
                    case "name" -> json.put("name", String.valueOf(value));
                    case "pending" -> json.put("pending", value);
                    case "lag" -> json.put("lag", value);
                    case "consumers" -> json.put("consumers", value);
                    case "last-delivered-id" -> json.put("lastDeliveredId", String.valueOf(value));
                    default -> {
                        // Other fields (entries-read) are not reported.
                    }
                }
            }
        } else if (group instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((k, v) -> json.put(String.valueOf(k), String.valueOf(v)));
        }
        return json;
    }
}
