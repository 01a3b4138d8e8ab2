package io.yikou.core.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One event for the desks and wallboards, as it travels between nodes on the Redis channel
 * {@link PushPublisher#CHANNEL} and then to browsers on {@code /api/v1/live}.
 *
 * @param topic   the live topic (for example {@code agent} or {@code wallboard.queues})
 * @param event   the event name inside the topic (for example {@code offer.new})
 * @param at      when the change happened
 * @param userId  the one staff user who may receive it, or {@code null} for everyone allowed the topic
 * @param data    the event's JSON body as documented in {@code docs/desk-api.md}
 */
public record PushEvent(String topic, String event, Instant at, String userId, JsonObject data) {

    public PushEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(data, "data");
    }

    /** Returns the wire form published between nodes. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("topic", topic)
                .put("event", event)
                .put("at", at.toString())
                .put("userId", userId)
                .put("data", data);
    }

    /** Reads the wire form; throws {@link IllegalArgumentException} when a field is missing. */
    public static PushEvent fromJson(JsonObject json) {
        String topic = json.getString("topic");
        String event = json.getString("event");
        String at = json.getString("at");
        JsonObject data = json.getJsonObject("data");
        if (topic == null || event == null || at == null || data == null) {
            throw new IllegalArgumentException("push event is missing topic, event, at or data; fields present: " + json.fieldNames());
        }
        return new PushEvent(topic, event, Instant.parse(at), json.getString("userId"), data);
    }
}
