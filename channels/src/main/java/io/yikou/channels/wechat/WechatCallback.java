package io.yikou.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.yikou.channels.support.RateLimitedLog;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.channels.wechat.crypto.WechatCryptoException;
import io.yikou.channels.wechat.xml.SafeXml;
import io.yikou.channels.wechat.xml.UnsafeXmlException;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MediaFetcher;
import io.yikou.core.http.StrictUtf8;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback URL {@code /channels/wechat/<account>}: URL verification (GET) and message pushes
 * (POST) in plaintext, compatible and safe mode.
 *
 * <p>A push is checked in this order, and nothing is stored unless every check passes: body size
 * (413), timestamp within the tolerance and signature (401), strict UTF-8 and safe XML (400),
 * {@code msg_signature}, decryption and appid in AES mode (401/400), then the message fields (400).
 * The response is always the literal {@code success}, never a reply XML: it goes out once the message
 * is stored as a contact, or at the acknowledgement deadline, whichever comes first, and replies
 * follow through the customer-service API.
 */
public final class WechatCallback {

    private static final Logger LOG = LoggerFactory.getLogger(WechatCallback.class);
    private static final String SUCCESS = "success";

    private final Vertx vertx;
    private final WechatOptions options;
    private final Map<String, WechatCrypto> cryptos;
    private final ConversationService conversations;
    private final MediaFetcher media;
    private final Clock clock;
    private final RateLimitedLog rejections = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    public WechatCallback(Vertx vertx, WechatOptions options, Map<String, WechatCrypto> cryptos,
                          ConversationService conversations, MediaFetcher media, Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.cryptos = cryptos;
        this.conversations = conversations;
        this.media = media;
        this.clock = clock;
    }

    /** GET: returns {@code echostr} unchanged when the signature matches the account's token. */
    public void verify(RoutingContext ctx) {
        WechatAccount account = account(ctx);
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
        LOG.info("WeChat verified the callback URL of account {}", account.id());
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(echostr);
    }

    /** POST: verifies, parses and stores a pushed message, then responds {@code success}. */
    public void receive(RoutingContext ctx) {
        WechatAccount account = account(ctx);
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
            message = parse(ctx, account, body);
        } catch (Rejection r) {
            reject(ctx, r.status, r.reason, account, r.getMessage());
            return;
        }
        if (message == null) {
            return;
        }
        acknowledge(ctx, account, message);
    }

    private InboundMessage parse(RoutingContext ctx, WechatAccount account, Buffer body) {
        String text;
        try {
            text = StrictUtf8.decode(body);
        } catch (RuntimeException e) {
            throw new Rejection(400, "invalid_utf8", "body is not UTF-8");
        }
        Map<String, String> fields = xml(text);
        String encryptType = ctx.request().getParam("encrypt_type");
        if ("aes".equalsIgnoreCase(encryptType)) {
            fields = decrypt(ctx, account, fields);
        } else if (encryptType != null && !"raw".equalsIgnoreCase(encryptType)) {
            throw new Rejection(400, "bad_encrypt_type", "unsupported encrypt_type " + encryptType + "; expected aes or raw");
        }
        if (account.originalId() != null && !account.originalId().equals(fields.get("ToUserName"))) {
            throw new Rejection(400, "wrong_account", "ToUserName names another account");
        }
        try {
            return WechatMessages.toInbound(account, fields);
        } catch (IllegalArgumentException e) {
            throw new Rejection(400, "bad_message", e.getMessage());
        }
    }

    private Map<String, String> decrypt(RoutingContext ctx, WechatAccount account, Map<String, String> outer) {
        WechatCrypto crypto = cryptos.get(account.id());
        if (crypto == null) {
            throw new Rejection(400, "aes_not_configured", "encrypted push but no encoding-aes-key is configured for this account");
        }
        String encrypted = outer.get("Encrypt");
        if (encrypted == null || encrypted.isBlank()) {
            throw new Rejection(400, "missing_encrypt", "encrypt_type=aes without Encrypt");
        }
        String expected = WechatCrypto.signature(account.token(), param(ctx, "timestamp"), param(ctx, "nonce"),
                encrypted);
        if (!WechatCrypto.signatureMatches(expected, ctx.request().getParam("msg_signature"))) {
            throw new Rejection(401, "bad_msg_signature", "msg_signature does not match");
        }
        try {
            return xml(crypto.decrypt(encrypted).message());
        } catch (WechatCryptoException e) {
            int status = e.reason() == WechatCryptoException.Reason.APPID_MISMATCH ? 401 : 400;
            throw new Rejection(status, "decrypt_" + e.reason().name().toLowerCase(java.util.Locale.ROOT),
                    e.getMessage());
        }
    }

    private static Map<String, String> xml(String text) {
        try {
            return SafeXml.parseFields(text);
        } catch (UnsafeXmlException e) {
            throw new Rejection(400, "bad_xml", e.getMessage());
        }
    }

    private void acknowledge(RoutingContext ctx, WechatAccount account, InboundMessage message) {
        Promise<Void> answered = Promise.promise();
        long timer = vertx.setTimer(options.ackDeadline().toMillis(), id -> {
            if (answered.tryComplete()) {
                LOG.warn("Storing WeChat message {} of account {} took longer than {}; answered success, "
                        + "processing goes on", message.dedupeKey(), account.id(), options.ackDeadline());
                success(ctx.response());
            }
        });
        Future<ConversationService.Receipt> stored;
        try {
            stored = conversations.receive(message, media);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        stored.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.failed()) {
                LOG.error("Could not store WeChat message {} from {} for account {}: {}", message.dedupeKey(),
                        Masking.id(message.sender().value()), account.id(), result.cause().toString());
            }
            if (!answered.tryComplete()) {
                return;
            }
            if (result.succeeded()) {
                success(ctx.response());
            } else {
                // Without a stored contact the message would be lost; an error makes WeChat deliver it again.
                ctx.response().setStatusCode(503).end();
            }
        });
    }

    private static void success(HttpServerResponse response) {
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(SUCCESS);
        }
    }

    private boolean signed(RoutingContext ctx, WechatAccount account) {
        String timestamp = ctx.request().getParam("timestamp");
        String nonce = ctx.request().getParam("nonce");
        String signature = ctx.request().getParam("signature");
        boolean aes = "aes".equalsIgnoreCase(ctx.request().getParam("encrypt_type"));
        if (timestamp == null || nonce == null || (signature == null && !aes)) {
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
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > options.timestampTolerance().toSeconds()) {
            reject(ctx, 401, "stale_timestamp", account, "timestamp " + skew + " s away from the clock");
            return false;
        }
        // In AES mode msg_signature covers the message; the plain signature is checked when sent.
        if (signature != null && !WechatCrypto.signatureMatches(
                WechatCrypto.signature(account.token(), timestamp, nonce), signature)) {
            reject(ctx, 401, "bad_signature", account, "signature does not match");
            return false;
        }
        return true;
    }

    private WechatAccount account(RoutingContext ctx) {
        String id = ctx.pathParam("account");
        WechatAccount account = options.account(id).orElse(null);
        if (account == null) {
            rejections.warn("unknown_account", "Rejected WeChat callback for unknown account {}",
                    id == null ? "-" : Masking.id(id));
            ctx.response().setStatusCode(404).end();
        }
        return account;
    }

    private void reject(RoutingContext ctx, int status, String reason, WechatAccount account, String detail) {
        rejections.warn(reason, "Rejected WeChat callback for account {} from {} with {}: {} ({})", account.id(),
                ctx.request().remoteAddress(), status, reason, detail);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(reason);
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null ? "" : value;
    }

    /** A check failed; carries the HTTP status and a reason code for the log. */
    private static final class Rejection extends RuntimeException {
        final int status;
        final String reason;

        Rejection(int status, String reason, String message) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }
}
