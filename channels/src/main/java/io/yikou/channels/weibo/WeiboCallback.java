package io.yikou.channels.weibo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.yikou.channels.support.RateLimitedLog;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MediaFetcher;
import io.yikou.core.conversation.TicketRequest;
import io.yikou.core.http.StrictUtf8;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push URL {@code /channels/weibo/<account>}: verification (GET with {@code echostr}) and JSON
 * pushes (POST), both signed with the app secret. The response to a push is an empty body, which tells
 * Weibo not to retry and not to expect a passive reply; replies follow through the reply API. An
 * {@code @}-mention is a public report and becomes a ticket at once.
 */
public final class WeiboCallback {

    private static final Logger LOG = LoggerFactory.getLogger(WeiboCallback.class);

    private final Vertx vertx;
    private final WeiboOptions options;
    private final ConversationService conversations;
    private final MediaFetcher media;
    private final Clock clock;
    private final RateLimitedLog rejections = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    public WeiboCallback(Vertx vertx, WeiboOptions options, ConversationService conversations, MediaFetcher media,
                         Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.conversations = conversations;
        this.media = media;
        this.clock = clock;
    }

    public void verify(RoutingContext ctx) {
        WeiboAccount account = account(ctx);
        if (account == null) {
            return;
        }
        String echostr = ctx.request().getParam("echostr");
        if (echostr == null) {
            reject(ctx, 400, "missing_echostr", account, "GET without echostr");
            return;
        }
        if (!signed(ctx, account)) {
            return;
        }
        LOG.info("Weibo verified the push URL of account {}", account.id());
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(echostr);
    }

    public void receive(RoutingContext ctx) {
        WeiboAccount account = account(ctx);
        if (account == null) {
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body != null && body.length() > options.maxBodyBytes()) {
            reject(ctx, 413, "body_too_large", account, body.length() + " bytes");
            return;
        }
        if (body == null || body.length() == 0) {
            reject(ctx, 400, "empty_body", account, "empty body");
            return;
        }
        if (!signed(ctx, account)) {
            return;
        }
        InboundMessage message;
        try {
            message = WeiboMessages.parse(account, StrictUtf8.decode(body));
        } catch (IllegalArgumentException e) {
            reject(ctx, 400, "bad_message", account, e.getMessage());
            return;
        } catch (RuntimeException e) {
            reject(ctx, 400, "invalid_utf8", account, "body is not UTF-8");
            return;
        }
        acknowledge(ctx, account, message);
    }

    private void acknowledge(RoutingContext ctx, WeiboAccount account, InboundMessage message) {
        Promise<Void> answered = Promise.promise();
        long timer = vertx.setTimer(options.ackDeadline().toMillis(), id -> {
            if (answered.tryComplete()) {
                LOG.warn("Storing Weibo message {} of account {} took longer than {}; answered, processing goes on",
                        message.dedupeKey(), account.id(), options.ackDeadline());
                empty(ctx.response());
            }
        });
        Future<ConversationService.Receipt> stored;
        try {
            stored = conversations.receive(message, media);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        stored.onSuccess(receipt -> {
            if (!receipt.duplicate() && message.isEvent("mention")) {
                receipt.processed().compose(v -> fileMention(account, message));
            }
        });
        stored.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.failed()) {
                LOG.error("Could not store Weibo message {} from {} for account {}: {}", message.dedupeKey(),
                        Masking.id(message.sender().value()), account.id(), result.cause().toString());
            }
            if (answered.tryComplete()) {
                if (result.succeeded()) {
                    empty(ctx.response());
                } else {
                    ctx.response().setStatusCode(503).end();
                }
            }
        });
    }

    private Future<Void> fileMention(WeiboAccount account, InboundMessage message) {
        return conversations.store().findOpen(message.channel(), message.account(), message.sender())
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    Map<String, String> ids = new java.util.LinkedHashMap<>();
                    ids.put("weibo.sender", message.sender().value());
                    if (message.eventKey() != null) {
                        ids.put("weibo.mention.key", message.eventKey());
                    }
                    String description = message.text() == null || message.text().isBlank() ? "@" : message.text();
                    return conversations.createTicket(found.get().id(), new TicketRequest(account.mentionTicketType(),
                                    null, description, null, ids), "system", "mention:" + message.dedupeKey())
                            .<Void>mapEmpty();
                })
                .onFailure(error -> LOG.warn("Filing a ticket for Weibo mention {} failed: {}", message.dedupeKey(),
                        error.toString()));
    }

    private static void empty(HttpServerResponse response) {
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end();
        }
    }

    private boolean signed(RoutingContext ctx, WeiboAccount account) {
        String timestamp = ctx.request().getParam("timestamp");
        String nonce = ctx.request().getParam("nonce");
        String signature = ctx.request().getParam("signature");
        if (timestamp == null || nonce == null || signature == null) {
            reject(ctx, 401, "missing_signature", account, "signature, timestamp or nonce missing");
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            reject(ctx, 401, "bad_timestamp", account, "timestamp is not a number");
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > options.timestampTolerance().toSeconds()) {
            reject(ctx, 401, "stale_timestamp", account, "timestamp outside the tolerance");
            return false;
        }
        if (!WechatCrypto.signatureMatches(WechatCrypto.signature(account.appSecret(), timestamp, nonce), signature)) {
            reject(ctx, 401, "bad_signature", account, "signature does not match");
            return false;
        }
        return true;
    }

    private WeiboAccount account(RoutingContext ctx) {
        WeiboAccount account = options.account(ctx.pathParam("account")).orElse(null);
        if (account == null) {
            rejections.warn("unknown_account", "Rejected Weibo push for an unknown account");
            ctx.response().setStatusCode(404).end();
        }
        return account;
    }

    private void reject(RoutingContext ctx, int status, String reason, WeiboAccount account, String detail) {
        rejections.warn(reason, "Rejected Weibo push for account {} from {} with {}: {} ({})", account.id(),
                ctx.request().remoteAddress(), status, reason, detail);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(reason);
    }
}
