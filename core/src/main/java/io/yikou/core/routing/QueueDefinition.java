package io.yikou.core.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.http.FieldError;
import io.yikou.core.text.CodePoints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A messaging ACD queue ({@code Queue} in {@code docs/desk-api.md}): which conversations it takes,
 * which agents serve it, and its timing and alert settings.
 *
 * @param order               conversations go to the first matching queue by order, then id
 * @param match               filters on the conversation
 * @param requiredSkills      an agent serves the queue when the agent's skills contain all of these
 * @param priority            added to each conversation's priority
 * @param offerTimeoutSeconds how long an offer waits for the agent, or {@code null} for {@code routing.offer-timeout}
 * @param overflow            where a conversation goes after waiting too long, or {@code null}
 * @param serviceLevelSeconds acceptance target for the service level, or {@code null} for {@code wallboard.service-level}
 * @param voiceQueues         Asterisk queues the wallboard shows beside this queue
 * @param alerts              alert thresholds
 */
public record QueueDefinition(String id, String name, int order, Match match, List<String> requiredSkills,
                              int priority, Integer offerTimeoutSeconds, Overflow overflow,
                              Integer serviceLevelSeconds, List<String> voiceQueues, Alerts alerts, long version) {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");

    public QueueDefinition {
        requiredSkills = List.copyOf(requiredSkills);
        voiceQueues = List.copyOf(voiceQueues);
    }

    /**
     * Conversation filters; an empty list matches everything.
     *
     * @param elderly {@code true} only elderly citizens, {@code false} only others, {@code null} both
     */
    public record Match(List<String> channels, List<String> languages, List<String> categoryGroups, Boolean elderly) {

        public Match {
            channels = List.copyOf(channels);
            languages = List.copyOf(languages);
            categoryGroups = List.copyOf(categoryGroups);
        }

        /** Tells whether a conversation with these attributes belongs in the queue. */
        public boolean matches(String channel, String language, String categoryGroup, boolean elderlyCitizen) {
            return (channels.isEmpty() || channels.contains(channel))
                    && (languages.isEmpty() || languages.contains(language))
                    && (categoryGroups.isEmpty() || (categoryGroup != null && categoryGroups.contains(categoryGroup)))
                    && (elderly == null || elderly == elderlyCitizen);
        }
    }

    /** Moves a conversation still waiting after {@code afterSeconds} to {@code toQueue}. */
    public record Overflow(int afterSeconds, String toQueue) {
    }

    /** Thresholds; each may be {@code null}. */
    public record Alerts(Integer maxWaiting, Integer maxLongestWaitSeconds, Double minServiceLevel) {
    }

    /** Returns the offer timeout in force. */
    public int offerTimeout(int defaultSeconds) {
        return offerTimeoutSeconds == null ? defaultSeconds : offerTimeoutSeconds;
    }

    /** Returns the service-level target in force. */
    public int serviceLevel(int defaultSeconds) {
        return serviceLevelSeconds == null ? defaultSeconds : serviceLevelSeconds;
    }

    public QueueDefinition withVersion(long next) {
        return new QueueDefinition(id, name, order, match, requiredSkills, priority, offerTimeoutSeconds, overflow,
                serviceLevelSeconds, voiceQueues, alerts, next);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("order", order)
                .put("match", new JsonObject()
                        .put("channels", new JsonArray(match.channels()))
                        .put("languages", new JsonArray(match.languages()))
                        .put("categoryGroups", new JsonArray(match.categoryGroups()))
                        .put("elderly", match.elderly()))
                .put("requiredSkills", new JsonArray(requiredSkills))
                .put("priority", priority)
                .put("offerTimeoutSeconds", offerTimeoutSeconds)
                .put("overflow", overflow == null ? null
                        : new JsonObject().put("afterSeconds", overflow.afterSeconds()).put("toQueue", overflow.toQueue()))
                .put("serviceLevelSeconds", serviceLevelSeconds)
                .put("voiceQueues", new JsonArray(voiceQueues))
                .put("alerts", new JsonObject()
                        .put("maxWaiting", alerts.maxWaiting())
                        .put("maxLongestWaitSeconds", alerts.maxLongestWaitSeconds())
                        .put("minServiceLevel", alerts.minServiceLevel()))
                .put("version", version);
    }

    /** Reads a stored queue; stored queues were validated when written. */
    public static QueueDefinition fromJson(JsonObject json) {
        List<FieldError> ignored = new ArrayList<>();
        QueueDefinition queue = fromRequest(json.getString("id"), json, ignored);
        return queue.withVersion(json.getLong("version", 0L));
    }

    /**
     * Reads and validates a request body; problems go to {@code errors} with the field's path.
     *
     * @param id the id from the path, or {@code null} to take it from the body
     */
    public static QueueDefinition fromRequest(String id, JsonObject body, List<FieldError> errors) {
        String queueId = id != null ? id : body.getValue("id") instanceof String text ? text : null;
        if (queueId == null || !ID.matcher(queueId).matches()) {
            errors.add(FieldError.of("id", "invalid_id"));
        }
        Object rawName = body.getValue("name");
        String name = rawName instanceof String text && !text.isBlank() && text.length() <= 80 ? text.strip() : null;
        if (name == null) {
            boolean missing = rawName == null || rawName instanceof String text && text.isBlank();
            errors.add(FieldError.of("name", missing ? "required" : "invalid_value"));
        } else if (CodePoints.hasControlCharacters(name) || name.contains("\n") || name.contains("\r")
                || name.contains("\t")) {
            errors.add(FieldError.of("name", "invalid_value"));
        }
        int order = integer(body, "order", "order", 0, -1_000_000, 1_000_000, errors, false);
        JsonObject matchJson = object(body, "match", errors);
        Boolean elderly = null;
        Object rawElderly = matchJson.getValue("elderly");
        if (rawElderly instanceof Boolean flag) {
            elderly = flag;
        } else if (rawElderly != null) {
            errors.add(FieldError.of("match.elderly", "invalid_value"));
        }
        Match match = new Match(strings(matchJson, "channels", "match.channels", errors),
                strings(matchJson, "languages", "match.languages", errors),
                strings(matchJson, "categoryGroups", "match.categoryGroups", errors), elderly);
        List<String> skills = strings(body, "requiredSkills", "requiredSkills", errors);
        // A required skill no profile can hold (AgentProfile's skill syntax) would leave the queue
        // without agents for good, so it is rejected here rather than stored.
        if (!skills.stream().allMatch(AgentProfile::isSkill)) {
            errors.add(FieldError.of("requiredSkills", "invalid_value"));
        }
        int priority = integer(body, "priority", "priority", 0, -10, 10, errors, false);
        Integer offerTimeout = body.getValue("offerTimeoutSeconds") == null ? null
                : integer(body, "offerTimeoutSeconds", "offerTimeoutSeconds", 0, 5, 600, errors, true);
        Integer serviceLevel = body.getValue("serviceLevelSeconds") == null ? null
                : integer(body, "serviceLevelSeconds", "serviceLevelSeconds", 0, 1, 3600, errors, true);
        Overflow overflow = null;
        if (body.getValue("overflow") instanceof JsonObject overflowJson) {
            int after = integer(overflowJson, "afterSeconds", "overflow.afterSeconds", 0, 5, 86_400, errors, true);
            String target = overflowJson.getValue("toQueue") instanceof String text && ID.matcher(text).matches()
                    ? text : null;
            if (target == null) {
                errors.add(FieldError.of("overflow.toQueue", "required"));
            } else if (target.equals(queueId)) {
                errors.add(FieldError.of("overflow.toQueue", "overflow_loop"));
            }
            overflow = new Overflow(after, target);
        } else if (body.getValue("overflow") != null) {
            errors.add(FieldError.of("overflow", "invalid_value"));
        }
        JsonObject alertsJson = object(body, "alerts", errors);
        Integer maxWaiting = alertsJson.getValue("maxWaiting") == null ? null
                : integer(alertsJson, "maxWaiting", "alerts.maxWaiting", 0, 0, 100_000, errors, true);
        Integer maxWait = alertsJson.getValue("maxLongestWaitSeconds") == null ? null
                : integer(alertsJson, "maxLongestWaitSeconds", "alerts.maxLongestWaitSeconds", 0, 1, 86_400, errors,
                        true);
        Double minLevel = null;
        Object rawLevel = alertsJson.getValue("minServiceLevel");
        if (rawLevel instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() <= 1) {
            minLevel = number.doubleValue();
        } else if (rawLevel != null) {
            errors.add(FieldError.of("alerts.minServiceLevel", "invalid_value"));
        }
        return new QueueDefinition(queueId, name, order, match, skills, priority, offerTimeout, overflow, serviceLevel,
                strings(body, "voiceQueues", "voiceQueues", errors), new Alerts(maxWaiting, maxWait, minLevel), 0);
    }

    /** Returns a nested object, or an empty one when absent. A value of another type adds {@code invalid_value}. */
    private static JsonObject object(JsonObject json, String field, List<FieldError> errors) {
        Object raw = json.getValue(field);
        if (raw instanceof JsonObject object) {
            return object;
        }
        if (raw != null) {
            errors.add(FieldError.of(field, "invalid_value"));
        }
        return new JsonObject();
    }

    private static int integer(JsonObject json, String field, String path, int defaultValue, int min, int max,
                               List<FieldError> errors, boolean required) {
        Object raw = json.getValue(field);
        if (raw == null && !required) {
            return defaultValue;
        }
        if (raw instanceof Number number && number.doubleValue() == number.longValue()
                && number.longValue() >= min && number.longValue() <= max) {
            return number.intValue();
        }
        errors.add(FieldError.of(path, raw == null ? "required" : "invalid_value"));
        return defaultValue;
    }

    private static List<String> strings(JsonObject json, String field, String path, List<FieldError> errors) {
        Object raw = json.getValue(field);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray array) || array.size() > 100) {
            errors.add(FieldError.of(path, "invalid_value"));
            return List.of();
        }
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (Object item : array) {
            if (!(item instanceof String text) || text.isBlank() || text.length() > 64) {
                errors.add(FieldError.of(path, "invalid_value"));
                return List.of();
            }
            values.add(text);
        }
        return new ArrayList<>(values);
    }
}
