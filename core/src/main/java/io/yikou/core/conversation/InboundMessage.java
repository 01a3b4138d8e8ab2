package io.yikou.core.conversation;

import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Channel;
import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message a citizen sent on a messaging channel, after the channel verified and parsed it.
 *
 * @param channel    channel it came through
 * @param account    the channel account it reached (WeChat account id, Weibo uid)
 * @param sender     the citizen's identity on that channel (openid, Weibo uid)
 * @param messageId  the channel's message id (WeChat MsgId) as a decimal string, or {@code null}
 *                   for events and channels without ids
 * @param dedupeKey  key shared by all deliveries of this message: the message id, or for events
 *                   sender, creation time and event
 * @param createdAt  the channel's creation time (second resolution on WeChat and Weibo)
 * @param kind       channel-neutral kind
 * @param type       the channel's own type name, such as {@code shortvideo} or {@code mention}
 * @param text       text content, voice recognition, link title or event caption, kept exactly
 * @param point      WGS-84 position of a location message, already converted from the channel's datum
 * @param label      place name the channel attached to a location
 * @param mediaId    the channel's media id for files, or {@code null}
 * @param event      event name for {@link MessageKind#EVENT} (lower case: subscribe, click...)
 * @param eventKey   menu key, QR scene or mentioned post id
 * @param fields     every other field the channel sent, as text, so unknown types keep their content
 */
public record InboundMessage(Channel channel, String account, Identity sender, String messageId, String dedupeKey,
                             Instant createdAt, MessageKind kind, String type, String text, GeoPoint point,
                             String label, String mediaId, String event, String eventKey,
                             Map<String, String> fields) {

    public InboundMessage {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Tells whether this is an event with the given name, compared without case. */
    public boolean isEvent(String name) {
        return kind == MessageKind.EVENT && event != null && event.equalsIgnoreCase(name);
    }
}
