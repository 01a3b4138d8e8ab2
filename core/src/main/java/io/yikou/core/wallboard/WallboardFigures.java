package io.yikou.core.wallboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The wallboard's arithmetic, free of I/O: merging the ACD's chat queues with the Asterisk queues'
 * figures, and evaluating each queue's alert thresholds.
 */
public final class WallboardFigures {

    private WallboardFigures() {
    }

    /**
     * Returns {@code answeredWithinTarget / (answered + abandoned)}, or {@code null} when nothing was
     * answered or abandoned. Calls abandoned within the target count against the level too.
     */
    public static Double serviceLevel(long answeredWithinTarget, long answered, long abandoned) {
        long offered = answered + abandoned;
        return offered == 0 ? null : (double) answeredWithinTarget / offered;
    }

    /** Returns the service-level target of each Asterisk queue named by an ACD queue's {@code voiceQueues}. */
    public static Map<String, Integer> voiceTargets(JsonArray acdQueues, int defaultTarget) {
        Map<String, Integer> targets = new HashMap<>();
        for (Object item : acdQueues) {
            JsonObject queue = (JsonObject) item;
            int target = queue.getInteger("serviceLevelSeconds", defaultTarget);
            for (Object name : queue.getJsonArray("voiceQueues", new JsonArray())) {
                // NOTE: an Asterisk queue named by two ACD queues with different targets gets the first one's.
                targets.putIfAbsent(String.valueOf(name), target);
            }
        }
        return targets;
    }

    /**
     * Builds the wallboard's {@code QueueStats}: each ACD queue with {@code voice} summed over its
     * {@code voiceQueues}, then one {@code kind: voice} entry per Asterisk queue no ACD queue names.
     *
     * @param acdQueues     the ACD's queue statistics ({@code acd.queue-stats})
     * @param voiceQueues   figures by Asterisk queue name ({@code voice.queue-stats})
     * @param agents        every agent's {@code AgentState}, to count agents of voice-only queues
     * @param defaultTarget service-level target of voice-only queues
     */
    public static JsonArray merge(JsonArray acdQueues, Map<String, JsonObject> voiceQueues, JsonArray agents,
                                  int defaultTarget) {
        JsonArray result = new JsonArray();
        Set<String> named = new HashSet<>();
        for (Object item : acdQueues) {
            JsonObject queue = ((JsonObject) item).copy();
            List<JsonObject> parts = new ArrayList<>();
            JsonArray names = queue.getJsonArray("voiceQueues", new JsonArray());
            for (Object name : names) {
                named.add(String.valueOf(name));
                JsonObject figures = voiceQueues.get(String.valueOf(name));
                if (figures != null) {
                    parts.add(figures);
                }
            }
            queue.put("voice", names.isEmpty() ? null : sum(parts));
            result.add(queue);
        }
        for (Map.Entry<String, JsonObject> entry : voiceQueues.entrySet()) {
            if (named.contains(entry.getKey())) {
                continue;
            }
            JsonObject figures = entry.getValue();
            result.add(new JsonObject()
                    .put("queue", entry.getKey())
                    .put("name", entry.getKey())
                    .put("kind", "voice")
                    .put("chat", null)
                    .put("voice", sum(List.of(figures)))
                    .put("serviceLevelSeconds", figures.getInteger("serviceLevelSeconds", defaultTarget))
                    .put("agents", voiceAgents(entry.getKey(), agents)));
        }
        return result;
    }

    /** Sums the figures of several Asterisk queues into one {@code voice} object. */
    static JsonObject sum(List<JsonObject> parts) {
        long waiting = 0;
        long longest = 0;
        long answered = 0;
        long abandoned = 0;
        long withinTarget = 0;
        long handleTotal = 0;
        long handleCalls = 0;
        for (JsonObject part : parts) {
            waiting += part.getLong("waiting", 0L);
            longest = Math.max(longest, part.getLong("longestWaitSeconds", 0L));
            long partAnswered = part.getLong("answered", 0L);
            answered += partAnswered;
            abandoned += part.getLong("abandoned", 0L);
            withinTarget += part.getLong("answeredWithinTarget", 0L);
            Long average = part.getLong("averageHandleSeconds");
            if (average != null && partAnswered > 0) {
                handleTotal += average * partAnswered;
                handleCalls += partAnswered;
            }
        }
        return new JsonObject()
                .put("waiting", waiting)
                .put("longestWaitSeconds", longest)
                .put("answered", answered)
                .put("abandoned", abandoned)
                .put("serviceLevel", serviceLevel(withinTarget, answered, abandoned))
                .put("answeredWithinTarget", withinTarget)
                .put("averageHandleSeconds", handleCalls == 0 ? null : Math.round((double) handleTotal / handleCalls));
    }

    /** Counts, by state, the agents whose member interface is in this Asterisk queue. */
    static JsonObject voiceAgents(String queue, JsonArray agents) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : List.of("ready", "busy", "not_ready", "ringing", "wrap_up")) {
            counts.put(state, 0);
        }
        for (Object item : agents) {
            JsonObject agent = (JsonObject) item;
            JsonObject voice = agent.getJsonObject("voice");
            String state = agent.getString("state");
            if (voice != null && state != null && counts.containsKey(state)
                    && voice.getJsonArray("queues", new JsonArray()).contains(queue)) {
                counts.merge(state, 1, Integer::sum);
            }
        }
        JsonObject json = new JsonObject();
        counts.forEach(json::put);
        return json;
    }

    /**
     * Evaluates each queue's {@code alerts} thresholds against its chat and voice figures together:
     * waiting is the sum, longest wait the maximum, and service level is computed over both.
     *
     * @return alerts by id ({@code queue:metric}), with {@code raisedAt} set to {@code now}
     */
    public static Map<String, JsonObject> alerts(JsonArray queues, Instant now) {
        Map<String, JsonObject> alerts = new LinkedHashMap<>();
        for (Object item : queues) {
            JsonObject queue = (JsonObject) item;
            JsonObject thresholds = queue.getJsonObject("alerts");
            if (thresholds == null) {
                continue;
            }
            // "voice": null (no voiceQueues) and "chat": null (a voice-only queue) count as zero.
            JsonObject chat = Objects.requireNonNullElseGet(queue.getJsonObject("chat"), JsonObject::new);
            JsonObject voice = Objects.requireNonNullElseGet(queue.getJsonObject("voice"), JsonObject::new);
            String id = queue.getString("queue");
            long waiting = chat.getLong("waiting", 0L) + voice.getLong("waiting", 0L);
            long longest = Math.max(chat.getLong("longestWaitSeconds", 0L), voice.getLong("longestWaitSeconds", 0L));
            Double level = serviceLevel(
                    chat.getLong("answeredWithinTarget", 0L) + voice.getLong("answeredWithinTarget", 0L),
                    chat.getLong("answered", 0L) + voice.getLong("answered", 0L),
                    chat.getLong("abandoned", 0L) + voice.getLong("abandoned", 0L));
            Integer maxWaiting = thresholds.getInteger("maxWaiting");
            if (maxWaiting != null && waiting > maxWaiting) {
                alerts.put(id + ":waiting", alert(id, "waiting", waiting, maxWaiting, now));
            }
            Integer maxLongest = thresholds.getInteger("maxLongestWaitSeconds");
            if (maxLongest != null && longest > maxLongest) {
                alerts.put(id + ":longest_wait", alert(id, "longest_wait", longest, maxLongest, now));
            }
            Double minLevel = thresholds.getDouble("minServiceLevel");
            if (minLevel != null && level != null && level < minLevel) {
                alerts.put(id + ":service_level", alert(id, "service_level", level, minLevel, now));
            }
        }
        return alerts;
    }

    private static JsonObject alert(String queue, String metric, Number value, Number threshold, Instant now) {
        return new JsonObject()
                .put("id", queue + ":" + metric)
                .put("queue", queue)
                .put("metric", metric)
                .put("value", value)
                .put("threshold", threshold)
                .put("raisedAt", now.toString());
    }
}
