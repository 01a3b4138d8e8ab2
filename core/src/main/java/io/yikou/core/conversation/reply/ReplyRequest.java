package io.yikou.core.conversation.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.contact.Channel;
import java.time.Instant;

/**
 * A text to deliver to a citizen on the channel they wrote on.
 *
 * @param channel        channel to send through
 * @param account        the channel account that sends it (the one the citizen wrote to)
 * @param recipient      the citizen's id on that channel (openid, Weibo uid)
 * @param text           the text, kept exactly
 * @param lastInboundAt  when the citizen last wrote to this account, which opens the platforms'
 *                       48-hour reply window; {@code null} when never
 * @param conversationId the conversation it belongs to, for logs
 * @param actor          {@code system} or the agent who wrote it
 * @param notice         for ticket status notices, the fields a channel's notice template needs;
 *                       {@code null} for ordinary replies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyRequest(Channel channel, String account, String recipient, String text, Instant lastInboundAt,
                           String conversationId, String actor, Notice notice) {

    /**
     * A ticket status change to tell the citizen about.
     *
     * @param ticketNumber the ticket
     * @param status       the new status code
     * @param statusText   the status as shown to citizens, in Chinese
     */
    public record Notice(String ticketNumber, String status, String statusText) {
    }
}
