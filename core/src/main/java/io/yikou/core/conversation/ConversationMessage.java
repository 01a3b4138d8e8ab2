package io.yikou.core.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;
import java.util.Map;

/**
 * One entry of a conversation: a citizen's message or a reply.
 *
 * @param direction  {@code in} from the citizen, {@code out} to the citizen
 * @param contactId  the contact an inbound message was stored as
 * @param messageId  the channel's message id, or {@code null}
 * @param createdAt  the channel's creation time for inbound messages, the send time for replies
 * @param kind       message kind
 * @param type       the channel's own type name
 * @param text       text, kept exactly
 * @param point      WGS-84 position of a location message
 * @param label      place name of a location message
 * @param mediaId    the channel's media id
 * @param attachment the stored file fetched through the media API, or {@code null}
 * @param mediaError why fetching the file failed, or {@code null}
 * @param event      event name
 * @param eventKey   menu key, QR scene or post id
 * @param fields     other channel fields of unknown types
 * @param delivery   for replies: {@code sent}, {@code sent_template} or {@code failed}
 * @param via        for replies: the API that delivered it, such as {@code custom} or {@code template}
 * @param errorCode  for failed replies: the channel's error code
 * @param error      for failed replies: what went wrong, for the agent
 * @param actor      for replies: who sent it ({@code system} or the agent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationMessage(String direction, String contactId, String messageId, Instant createdAt,
                                  MessageKind kind, String type, String text, GeoPoint point, String label,
                                  String mediaId, Attachment attachment, String mediaError, String event,
                                  String eventKey, Map<String, String> fields, String delivery, String via,
                                  String errorCode, String error, String actor) {

    public static final String IN = "in";
    public static final String OUT = "out";

    /** Builds the entry of an inbound message stored as contact {@code contactId}. */
    public static ConversationMessage inbound(InboundMessage m, String contactId, Attachment attachment,
                                              String mediaError) {
        return new ConversationMessage(IN, contactId, m.messageId(), m.createdAt(), m.kind(), m.type(), m.text(),
                m.point(), m.label(), m.mediaId(), attachment, mediaError, m.event(), m.eventKey(),
                m.fields().isEmpty() ? null : m.fields(), null, null, null, null, null);
    }

    /** Builds the entry of a reply with its delivery outcome. */
    public static ConversationMessage outbound(String text, Instant at, String actor, ReplyOutcomeView outcome) {
        return new ConversationMessage(OUT, null, outcome.messageId(), at, MessageKind.TEXT, "text", text, null,
                null, null, null, null, null, null, null, outcome.delivery(), outcome.via(), outcome.errorCode(),
                outcome.error(), actor);
    }

    /** Tells whether this is a citizen's message. */
    public boolean isInbound() {
        return IN.equals(direction);
    }

    /**
     * The parts of a delivery outcome a reply entry records.
     *
     * @param delivery  {@code sent}, {@code sent_template} or {@code failed}
     * @param via       API used
     * @param messageId the channel's id for the sent message, when it returns one
     * @param errorCode the channel's error code on failure
     * @param error     failure text for the agent
     */
    public record ReplyOutcomeView(String delivery, String via, String messageId, String errorCode, String error) {
    }
}
