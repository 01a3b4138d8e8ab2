package io.yikou.core.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.http.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings an administrator gives one agent: skills, chat capacity and the phone's queue member
 * interface. Stored as JSON in Redis beside the routing state (not in the staff account) because the
 * routing script reads it together with the agent's state in one slot.
 *
 * @param skills          skill names such as {@code channel:wechat}, {@code lang:zh}, {@code elderly}
 * @param chatCapacity    maximum chats at once, or {@code null} for {@code agent.chat-capacity}
 * @param memberInterface the interface app_queue rings, such as {@code PJSIP/1001}; {@code null} for chat only
 * @param voiceQueues     Asterisk queues the agent joins when logging in
 * @param version         increases with every change; 0 before the first save
 */
public record AgentProfile(String userId, List<String> skills, Integer chatCapacity, String memberInterface,
                           List<String> voiceQueues, long version) {

    /** Skill names: letters, digits and {@code : - _ .}, at most 64 characters. */
    private static final Pattern SKILL = Pattern.compile("[\\p{L}\\p{N}:._-]{1,64}");
    /** Member interfaces: {@code TECH/resource}, such as {@code PJSIP/1001} or {@code Local/1001@agents/n}. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9]+/[A-Za-z0-9@._/-]{1,80}");
    /** Asterisk queue names. */
    private static final Pattern VOICE_QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentProfile {
        skills = List.copyOf(skills);
        voiceQueues = List.copyOf(voiceQueues);
    }

    public static AgentProfile empty(String userId) {
        return new AgentProfile(userId, List.of(), null, null, List.of(), 0);
    }

    /** Returns the capacity in force, {@code defaultCapacity} when none is set. */
    public int capacity(int defaultCapacity) {
        return chatCapacity == null ? defaultCapacity : chatCapacity;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("userId", userId)
                .put("skills", new JsonArray(skills))
                .put("chatCapacity", chatCapacity)
                .put("memberInterface", memberInterface)
                .put("voiceQueues", new JsonArray(voiceQueues))
                .put("version", version);
    }

    /** Reads a stored profile. */
    public static AgentProfile fromJson(JsonObject json) {
        return new AgentProfile(json.getString("userId"), strings(json.getJsonArray("skills")),
                json.getInteger("chatCapacity"), json.getString("memberInterface"),
                strings(json.getJsonArray("voiceQueues")), json.getLong("version", 0L));
    }

    /** Returns true when text is a valid skill name, for profiles and for the skills a queue requires. */
    public static boolean isSkill(String text) {
        return SKILL.matcher(text).matches();
    }

    /** Reads and validates a request body, adding problems to {@code errors}. */
    public static AgentProfile fromRequest(String userId, JsonObject body, List<FieldError> errors) {
        List<String> skills = names(body, "skills", SKILL, errors);
        List<String> voiceQueues = names(body, "voiceQueues", VOICE_QUEUE, errors);
        Integer capacity = null;
        Object rawCapacity = body.getValue("chatCapacity");
        if (rawCapacity instanceof Number number && number.doubleValue() == number.intValue()
                && number.intValue() >= 0 && number.intValue() <= 20) {
            capacity = number.intValue();
        } else if (rawCapacity != null) {
            errors.add(FieldError.of("chatCapacity", "invalid_value"));
        }
        String memberInterface = null;
        Object rawInterface = body.getValue("memberInterface");
        if (rawInterface instanceof String text && INTERFACE.matcher(text).matches()) {
            memberInterface = text;
        } else if (rawInterface != null) {
            errors.add(FieldError.of("memberInterface", "invalid_value"));
        }
        long version = 0;
        Object rawVersion = body.getValue("version");
        if (rawVersion instanceof Number number && number.longValue() >= 0) {
            version = number.longValue();
        } else {
            errors.add(FieldError.of("version", "required"));
        }
        return new AgentProfile(userId, skills, capacity, memberInterface, voiceQueues, version);
    }

    private static List<String> names(JsonObject body, String field, Pattern pattern, List<FieldError> errors) {
        Object raw = body.getValue(field);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray array) || array.size() > 100) {
            errors.add(FieldError.of(field, "invalid_value"));
            return List.of();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Object item : array) {
            if (item instanceof String text && pattern.matcher(text).matches()) {
                names.add(text);
            } else {
                errors.add(FieldError.of(field, "invalid_value"));
                return List.of();
            }
        }
        return new ArrayList<>(names);
    }

    private static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> list.add(String.valueOf(item)));
        }
        return list;
    }
}
