package io.yikou.core.conversation.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.conversation.ConversationMessage;

/**
 * What happened to a reply.
 *
 * @param delivery  {@link #SENT}, {@link #SENT_TEMPLATE} or {@link #FAILED}
 * @param via       the API that delivered it, such as {@code custom} or {@code template}
 * @param messageId the channel's id for the sent message, when it returns one
 * @param errorCode the channel's error code on failure, such as {@code 45015}
 * @param error     what went wrong, shown to the agent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyOutcome(String delivery, String via, String messageId, String errorCode, String error) {

    public static final String SENT = "sent";
    public static final String SENT_TEMPLATE = "sent_template";
    public static final String FAILED = "failed";

    public static ReplyOutcome sent(String via, String messageId) {
        return new ReplyOutcome(SENT, via, messageId, null, null);
    }

    public static ReplyOutcome failed(String via, String errorCode, String error) {
        return new ReplyOutcome(FAILED, via, null, errorCode, error);
    }

    public boolean delivered() {
        return !FAILED.equals(delivery);
    }

    /** Returns the fields a conversation entry records. */
    public ConversationMessage.ReplyOutcomeView view() {
        return new ConversationMessage.ReplyOutcomeView(delivery, via, messageId, errorCode, error);
    }
}
