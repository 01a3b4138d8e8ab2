package io.yikou.core.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An agent's state as stored in Redis: the presence the agent chose, the state derived from it and
 * from the agent's calls and chats, and the figures routing uses. Immutable snapshot.
 *
 * @param status      derived state: {@code logged_out}, {@code ringing}, {@code busy}, {@code wrap_up},
 *                    {@code not_ready} or {@code ready}
 * @param presence    chosen presence: {@code logged_out}, {@code ready} or {@code not_ready}
 * @param reason      not-ready reason code, or {@code null}
 * @param since       when {@code status} began
 * @param idleSince   when the agent last became free; routing offers first to the longest idle
 * @param wrapUntil   end of the running wrap-up, or {@code null}
 * @param active      chats assigned
 * @param offered     chat offers not yet accepted or declined
 * @param capacity    maximum chats at once
 * @param voiceStatus the member interface's device state ({@code ringing}, {@code in_use}, ...), or {@code null}
 * @param voiceCall   Linkedid of the call the agent talks on, or {@code null}
 * @param voicePaused    whether the member interface is paused in its queues
 * @param voiceReason    the pause reason Asterisk reports
 * @param voiceAvailable {@code false} when no node could reach Asterisk for the latest presence change
 * @param queues      ACD queues the agent serves
 */
public record AgentState(String userId, String status, String presence, String reason, Instant since,
                         Instant idleSince, Instant wrapUntil, int active, int offered, int capacity,
                         String voiceStatus, String voiceCall, boolean voicePaused, String voiceReason,
                         boolean voiceAvailable, List<String> queues, long version) {

    /** Returns the state of an agent never seen before. */
    public static AgentState loggedOut(String userId, Instant now) {
        return new AgentState(userId, "logged_out", "logged_out", null, now, now, null, 0, 0, 0, null, null, false,
                null, true, List.of(), 0);
    }

    /** Reads the agent hash; {@code null} for an empty one. */
    public static AgentState fromHash(String userId, Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return null;
        }
        String queues = hash.getOrDefault("queues", "");
        return new AgentState(userId, hash.getOrDefault("status", "logged_out"),
                hash.getOrDefault("presence", "logged_out"), blank(hash.get("reason")),
                millis(hash.get("since")), millis(hash.get("idleSince")), millis(hash.get("wrapUntil")),
                integer(hash.get("active")), integer(hash.get("offered")), integer(hash.get("capacity")),
                blank(hash.get("voiceStatus")), blank(hash.get("voiceCall")), "1".equals(hash.get("voicePaused")),
                blank(hash.get("voiceReason")), !"0".equals(hash.get("voiceAvailable")),
                queues.isEmpty() ? List.of() : Arrays.asList(queues.split(",")),
                longValue(hash.get("version")));
    }

    /**
     * Returns the desk's JSON ({@code AgentState} in {@code docs/desk-api.md}).
     *
     * @param profile the agent's profile, for the member interface and voice queues; may be {@code null}
     * @param now     the time {@code secondsInState} is counted to
     */
    public JsonObject toJson(String username, String displayName, AgentProfile profile, Instant now) {
        JsonObject voice = null;
        if (profile != null && profile.memberInterface() != null) {
            voice = new JsonObject()
                    .put("interface", profile.memberInterface())
                    .put("status", voiceStatus)
                    .put("paused", voicePaused)
                    .put("pausedReason", voiceReason)
                    .put("call", voiceCall)
                    .put("ringing", "ringing".equals(voiceStatus))
                    .put("queues", new JsonArray(profile.voiceQueues()))
                    .put("available", voiceAvailable);
        }
        return new JsonObject()
                .put("userId", userId)
                .put("username", username)
                .put("displayName", displayName)
                .put("state", status)
                .put("presence", presence)
                .put("reason", reason)
                .put("since", (since == null ? now : since).toString())
                .put("secondsInState", since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds()))
                .put("wrapUpEndsAt", wrapUntil == null ? null : wrapUntil.toString())
                .put("idleSince", idleSince == null ? null : idleSince.toString())
                .put("voice", voice)
                .put("chats", new JsonObject().put("active", active).put("offered", offered).put("capacity", capacity))
                .put("queues", new JsonArray(queues))
                .put("version", version);
    }

    private static Instant millis(String value) {
        long ms = longValue(value);
        return ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }

    private static int integer(String value) {
        return (int) Math.min(Integer.MAX_VALUE, longValue(value));
    }

    private static long longValue(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blank(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
