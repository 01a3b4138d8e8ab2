package io.yikou.channels.weibo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses Weibo fans-service pushes (JSON) into {@link InboundMessage}s.
 *
 * <p>Accepts the documented shape ({@code type}, {@code sender_id}, {@code receiver_id},
 * {@code created_at}, {@code text}, {@code data}) and the WeChat-like field names some pushes use
 * ({@code MsgType}, {@code FromUserName}, {@code ToUserName}, {@code CreateTime}, {@code Content},
 * {@code SubType}, {@code Key}). Ids are 64-bit and read as exact digits whether they come as JSON
 * strings or numbers. A fractional number as an id is rejected, because it has already lost digits.
 */
public final class WeiboMessages {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy",
            Locale.US);
    private static final Set<String> EVENT_TYPES = Set.of("follow", "unfollow", "subscribe", "unsubscribe", "scan",
            "scan_follow", "click", "view");

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private WeiboMessages() {
    }

    /**
     * Parses a push body.
     *
     * @throws IllegalArgumentException when the body is not a JSON object or a required field is
     *                                  missing or invalid, naming the field
     */
    public static InboundMessage parse(WeiboAccount account, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body is not a JSON object");
        }
        JsonNode data = root.path("data");
        String type = firstText(root, "type", "MsgType");
        if (type == null) {
            throw new IllegalArgumentException("type is missing");
        }
        type = type.trim().toLowerCase(Locale.ROOT);
        String sender = id(root, "sender_id", "FromUserName");
        if (sender == null) {
            throw new IllegalArgumentException("sender_id is missing");
        }
        String receiver = id(root, "receiver_id", "ToUserName");
        if (account.uid() != null && receiver != null && !account.uid().equals(receiver)) {
            throw new IllegalArgumentException("receiver_id names another account");
        }
        Instant createdAt = createdAt(root);
        String text = firstText(root, "text", "Content");
        String subtype = firstText(data, "subtype", null);
        if (subtype == null) {
            subtype = firstText(root, "SubType", null);
        }
        String key = data.isObject() ? id(data, "key", null) : null;
        if (key == null) {
            key = idOrText(root, "Key");
        }

        MessageKind kind;
        String event = null;
        GeoPoint point = null;
        String mediaId = null;
        switch (type) {
            case "text" -> kind = MessageKind.TEXT;
            case "position" -> {
                kind = MessageKind.LOCATION;
                point = account.locationDatum().toWgs84(number(data, "latitude"), number(data, "longitude"));
            }
            case "image", "voice" -> {
                kind = type.equals("image") ? MessageKind.IMAGE : MessageKind.VOICE;
                mediaId = firstNonNull(id(data, "tovfid", null), id(data, "vfid", null));
            }
            case "event" -> {
                kind = MessageKind.EVENT;
                if (subtype == null) {
                    throw new IllegalArgumentException("event without subtype");
                }
                event = subtype.toLowerCase(Locale.ROOT);
            }
            case "mention" -> {
                kind = MessageKind.EVENT;
                event = "mention";
            }
            default -> {
                if (EVENT_TYPES.contains(type)) {
                    kind = MessageKind.EVENT;
                    event = type;
                } else {
                    kind = MessageKind.UNKNOWN;
                }
            }
        }

        Map<String, String> fields = new LinkedHashMap<>();
        if (subtype != null) {
            fields.put("subtype", subtype);
        }
        if (data.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> entries = data.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                fields.putIfAbsent(entry.getKey(), entry.getValue().isValueNode()
                        ? exact(entry.getValue()) : entry.getValue().toString());
            }
        }
        // Weibo sends no message id: a repeat is the same sender, second, type and content.
        String dedupeKey = sender + ":" + createdAt.getEpochSecond() + ":" + type + ":"
                + IdempotencyKey.sha256((text == null ? "" : text) + "\n" + (key == null ? "" : key)
                        + "\n" + (mediaId == null ? "" : mediaId)).substring(0, 16);
        Identity identity = new Identity(IdentityKind.WEIBO_UID, sender, null);
        return new InboundMessage(Channel.WEIBO, account.id(), identity, null, dedupeKey, createdAt, kind, type, text,
                point, null, mediaId, event, key, fields);
    }

    private static Instant createdAt(JsonNode root) {
        JsonNode created = root.get("created_at");
        if (created != null && created.isTextual()) {
            try {
                return ZonedDateTime.parse(created.asText().trim(), CREATED_AT).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("created_at is not a date such as Mon Jul 16 18:09:20 +0800 2012");
            }
        }
        String seconds = id(root, "CreateTime", null);
        if (seconds == null) {
            throw new IllegalArgumentException("created_at is missing");
        }
        long value = Long.parseLong(seconds);
        if (value > 100_000_000_000L) {
            throw new IllegalArgumentException("CreateTime out of range");
        }
        return Instant.ofEpochSecond(value);
    }

    /** Reads an id given as a JSON string of digits or an integer number, exactly. */
    private static String id(JsonNode node, String name, String alternative) {
        JsonNode value = node.get(name);
        if ((value == null || value.isNull()) && alternative != null) {
            value = node.get(alternative);
            name = alternative;
        }
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (value.bigIntegerValue().signum() < 0) {
                throw new IllegalArgumentException(name + " is negative");
            }
            return value.bigIntegerValue().toString();
        }
        if (value.isTextual() && value.asText().trim().matches("\\d{1,20}")) {
            return value.asText().trim();
        }
        if (value.isTextual() && !value.asText().isBlank() && (name.contains("vfid") || name.equals("key"))) {
            return value.asText().trim();
        }
        throw new IllegalArgumentException(name + " is not an integer id");
    }

    private static String idOrText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isFloatingPointNumber()) {
            throw new IllegalArgumentException(name + " is a fractional number, not an exact id");
        }
        return exact(value);
    }

    private static String exact(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        return value.asText();
    }

    private static double number(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            double parsed = Double.parseDouble(value.asText().trim());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number");
        }
    }

    private static String firstText(JsonNode node, String name, String alternative) {
        JsonNode value = node.get(name);
        if ((value == null || value.isNull()) && alternative != null) {
            value = node.get(alternative);
        }
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        return value.isTextual() ? value.asText() : exact(value);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
