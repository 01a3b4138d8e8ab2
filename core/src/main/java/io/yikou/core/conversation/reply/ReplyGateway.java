package io.yikou.core.conversation.reply;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.yikou.core.contact.Channel;
import io.yikou.core.json.JsonCodec;
import java.time.Duration;

/**
 * Routes replies to the channel module that delivers them, over the node's local event bus: the
 * core and a future agent desktop send a {@link ReplyRequest} without depending on any channel
 * module, and on a node without the channel's module the outcome is a failure with code
 * {@code channel_unavailable}.
 *
 * <p>Requests are JSON on the address {@code yikou.reply.<channel>}; only local consumers are
 * registered, so a request is delivered on the node that made it.
 */
public final class ReplyGateway {

    /** Maximum time a send may take, covering a token refresh, one retry and the template fallback. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private ReplyGateway() {
    }

    /** Registers the sender for a channel on this node; unregister the returned consumer on stop. */
    public static MessageConsumer<JsonObject> register(Vertx vertx, Channel channel, ReplySender sender) {
        return vertx.eventBus().<JsonObject>localConsumer(address(channel), message -> {
            ReplyRequest request = JsonCodec.read(message.body().encode(), ReplyRequest.class);
            sender.send(request).onComplete(result -> {
                if (result.succeeded()) {
                    message.reply(new JsonObject(JsonCodec.write(result.result())));
                } else {
                    message.fail(500, String.valueOf(result.cause()));
                }
            });
        });
    }

    /** Sends a reply through the module registered for its channel. */
    public static Future<ReplyOutcome> send(Vertx vertx, ReplyRequest request) {
        JsonObject body = new JsonObject(JsonCodec.write(request));
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(SEND_TIMEOUT.toMillis());
        return vertx.eventBus().<JsonObject>request(address(request.channel()), body, options)
                .map(reply -> JsonCodec.read(reply.body().encode(), ReplyOutcome.class))
                .recover(error -> {
                    if (error instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS) {
                        return Future.succeededFuture(ReplyOutcome.failed(null, "channel_unavailable",
                                "no " + request.channel().code() + " module runs on this node"));
                    }
                    return Future.succeededFuture(ReplyOutcome.failed(null, "send_failed", String.valueOf(error)));
                });
    }

    static String address(Channel channel) {
        return "yikou.reply." + channel.code();
    }
}
