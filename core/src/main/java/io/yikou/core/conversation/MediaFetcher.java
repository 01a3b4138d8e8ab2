package io.yikou.core.conversation;

import io.vertx.core.Future;
import io.yikou.core.ticket.Attachment;

/** Downloads the file of a photo, voice or video message through the channel's media API and stores it. */
@FunctionalInterface
public interface MediaFetcher {

    /** Fetches and stores the file; fails with a message for the agent when it cannot. */
    Future<Attachment> fetch(InboundMessage message);
}
