package io.yikou.channels.wechat;

import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps the fields of a WeChat callback message to an {@link InboundMessage}. Types it does not
 * know are kept as {@link MessageKind#UNKNOWN} with every field.
 */
public final class WechatMessages {

    /** Fields mapped to {@link InboundMessage} components and therefore not repeated in its fields. */
    private static final Set<String> MAPPED = Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId",
            "MsgID", "Content", "Encrypt", "MediaId", "Event", "EventKey", "Location_X", "Location_Y", "Label",
            "Recognition", "Title");

    private WechatMessages() {
    }

    /**
     * Builds the message.
     *
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static InboundMessage toInbound(WechatAccount account, Map<String, String> xml) {
        String from = require(xml, "FromUserName");
        String type = require(xml, "MsgType").trim().toLowerCase(Locale.ROOT);
        long createTime;
        try {
            createTime = Long.parseLong(require(xml, "CreateTime").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CreateTime is not a number");
        }
        if (createTime < 0 || createTime > 100_000_000_000L) {
            throw new IllegalArgumentException("CreateTime out of range");
        }
        String msgId = blankToNull(xml.getOrDefault("MsgId", xml.get("MsgID")));
        if (msgId != null && !msgId.trim().matches("\\d{1,20}")) {
            throw new IllegalArgumentException("MsgId is not a decimal number");
        }
        msgId = msgId == null ? null : msgId.trim();
        String event = blankToNull(xml.get("Event"));
        String eventKey = blankToNull(xml.get("EventKey"));

        MessageKind kind;
        String text = null;
        GeoPoint point = null;
        String label = null;
        String mediaId = blankToNull(xml.get("MediaId"));
        switch (type) {
            case "text" -> {
                kind = MessageKind.TEXT;
                text = xml.getOrDefault("Content", "");
            }
            case "image" -> kind = MessageKind.IMAGE;
            case "voice" -> {
                kind = MessageKind.VOICE;
                text = blankToNull(xml.get("Recognition"));
            }
            case "video", "shortvideo" -> kind = MessageKind.VIDEO;
            case "location" -> {
                kind = MessageKind.LOCATION;
                point = account.locationDatum().toWgs84(coordinate(xml, "Location_X"), coordinate(xml, "Location_Y"));
                label = blankToNull(xml.get("Label"));
            }
            case "link" -> {
                kind = MessageKind.LINK;
                text = blankToNull(xml.get("Title"));
            }
            case "event" -> {
                kind = MessageKind.EVENT;
                if (event == null) {
                    throw new IllegalArgumentException("Event is missing");
                }
            }
            default -> kind = MessageKind.UNKNOWN;
        }

        Map<String, String> fields = new LinkedHashMap<>();
        xml.forEach((name, value) -> {
            if (!MAPPED.contains(name)) {
                fields.put(name, value);
            }
        });
        // Events have no MsgId; WeChat's own rule identifies their repeats by sender and time, and the
        // event name keeps a menu click and a location report of the same second apart.
        String dedupeKey = msgId != null ? msgId : from + ":" + createTime + ":" + (event == null ? type : event);
        Identity sender = new Identity(IdentityKind.WECHAT_OPENID, from, account.appId());
        return new InboundMessage(Channel.WECHAT, account.id(), sender, msgId, dedupeKey,
                Instant.ofEpochSecond(createTime), kind, type, text, point, label, mediaId,
                event == null ? null : event.toLowerCase(Locale.ROOT), eventKey, fields);
    }

    private static double coordinate(Map<String, String> xml, String field) {
        try {
            double value = Double.parseDouble(require(xml, field).trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number");
        }
    }

    private static String require(Map<String, String> xml, String field) {
        String value = xml.get(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
