package io.yikou.core.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the ACD script changed.
 *
 * @param ok     {@code false} when the script rejected the operation with {@link #error}
 * @param error  the rejection code, such as {@code offer_expired}; {@code null} when ok
 * @param agents user ids whose agent state changed
 * @param events routing events in the order they happened ({@code offer}, {@code withdrawn},
 *               {@code assigned}, {@code unassigned}, {@code enqueued}, {@code overflowed},
 *               {@code requeued}, {@code transferred}, {@code failure})
 * @param queues queues whose waiting list, free agents or figures changed
 * @param raw    the script's whole result, for operation-specific fields such as {@code offers}
 */
public record AcdResult(boolean ok, String error, List<String> agents, List<JsonObject> events, List<String> queues,
                        JsonObject raw) {

    /** Reads the JSON the script returns. */
    public static AcdResult parse(String json) {
        JsonObject raw = new JsonObject(json);
        List<JsonObject> events = new ArrayList<>();
        for (Object item : list(raw.getValue("events"))) {
            events.add((JsonObject) item);
        }
        List<String> agents = new ArrayList<>();
        list(raw.getValue("agents")).forEach(item -> agents.add(String.valueOf(item)));
        List<String> queues = new ArrayList<>();
        list(raw.getValue("queues")).forEach(item -> queues.add(String.valueOf(item)));
        return new AcdResult(raw.getBoolean("ok", false), raw.getString("error"), agents, events, queues, raw);
    }

    /** Reads a JSON list that Redis's cjson encodes as {@code {}} when it is empty. */
    private static Iterable<Object> list(Object value) {
        return value instanceof JsonArray array ? array : List.of();
    }
}
