package io.yikou.core.conversation.reply;

import io.vertx.core.Future;

/**
 * Delivers replies on one channel. A channel module implements it and registers it with
 * {@link ReplyGateway#register}; the core sends through the gateway and never names a channel's
 * classes.
 */
public interface ReplySender {

    /**
     * Sends the text. The future fails only on a programming error: delivery failures complete it
     * with a {@link ReplyOutcome#FAILED} outcome that is shown to the agent.
     */
    Future<ReplyOutcome> send(ReplyRequest request);
}
