package io.yikou.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.wechat.api.ApiResult;
import io.yikou.channels.wechat.api.WechatApiClient;
import io.yikou.channels.wechat.api.WechatApiException;
import io.yikou.channels.wechat.token.AccessTokens;
import io.yikou.core.conversation.reply.ReplyOutcome;
import io.yikou.core.conversation.reply.ReplyRequest;
import io.yikou.core.conversation.reply.ReplySender;
import io.yikou.core.privacy.Masking;
import io.yikou.core.text.CodePoints;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies as customer-service messages while the citizen's 48-hour window is open, and as the
 * account's fallback template message outside it or when WeChat returns 45015 (window closed) or
 * 45047 (too many customer-service messages). Status notices use the status template when one is
 * configured.
 *
 * <p>A request WeChat certainly did not carry out (HTTP 5xx, connection refused, errcode -1 "system
 * busy") is sent again up to twice with a growing pause; a timeout is not, because the message may
 * have been delivered, and the failure is shown to the agent instead.
 */
public final class WechatReplySender implements ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(WechatReplySender.class);
    private static final int MAX_RETRIES = 2;
    private static final long RETRY_PAUSE_MILLIS = 300;
    /** WeChat shows at most about 20 characters of a template keyword value. */
    private static final int TEMPLATE_VALUE_CODE_POINTS = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final Vertx vertx;
    private final WechatOptions options;
    private final WechatApiClient api;
    private final AccessTokens tokens;
    private final Clock clock;
    private final String fallbackTitle;

    public WechatReplySender(Vertx vertx, WechatOptions options, WechatApiClient api, AccessTokens tokens, Clock clock,
                             String fallbackTitle) {
        this.vertx = vertx;
        this.options = options;
        this.api = api;
        this.tokens = tokens;
        this.clock = clock;
        this.fallbackTitle = fallbackTitle;
    }

    @Override
    public Future<ReplyOutcome> send(ReplyRequest request) {
        WechatAccount account = options.account(request.account()).orElse(null);
        if (account == null) {
            return Future.succeededFuture(ReplyOutcome.failed(null, "unknown_account",
                    "no WeChat account " + request.account() + " is configured"));
        }
        if (request.notice() != null && account.statusTemplateId() != null) {
            return sendStatusTemplate(account, request.recipient(), request.notice().ticketNumber(),
                    request.notice().statusText());
        }
        boolean windowOpen = request.lastInboundAt() != null
                && request.lastInboundAt().plus(options.replyWindow()).isAfter(clock.instant());
        if (!windowOpen) {
            return fallback(account, request, "45015", "the citizen's last message is older than "
                    + options.replyWindow().toHours() + " h");
        }
        return withRetries(account, token -> api.sendText(token, request.recipient(), request.text()))
                .compose(result -> {
                    if (result.ok()) {
                        return Future.succeededFuture(ReplyOutcome.sent("custom", null));
                    }
                    if (result.errcode() == 45015 || result.errcode() == 45047) {
                        return fallback(account, request, Integer.toString(result.errcode()), result.errmsg());
                    }
                    return Future.succeededFuture(failed("custom", account, request, result));
                })
                .recover(error -> Future.succeededFuture(transportFailed("custom", account, request, error)));
    }

    private Future<ReplyOutcome> fallback(WechatAccount account, ReplyRequest request, String code, String why) {
        if (account.fallbackTemplateId() == null) {
            LOG.warn("Reply to {} on account {} not sent: {} ({}), and no fallback template is configured",
                    Masking.id(request.recipient()), account.id(), code, why);
            return Future.succeededFuture(ReplyOutcome.failed("custom", code,
                    why + "; no fallback template configured"));
        }
        JsonObject data = new JsonObject()
                .put("first", value(fallbackTitle))
                .put("keyword1", value(CodePoints.truncate(request.text(), TEMPLATE_VALUE_CODE_POINTS, "…")))
                .put("keyword2", value(TIME.format(clock.instant())))
                .put("remark", value(request.text()));
        return withRetries(account, token -> api.sendTemplate(token, request.recipient(),
                        account.fallbackTemplateId(), data))
                .map(result -> result.ok()
                        ? new ReplyOutcome(ReplyOutcome.SENT_TEMPLATE, "template",
                                result.body().getValue("msgid") == null ? null
                                        : String.valueOf(result.body().getValue("msgid")), code, why)
                        : failed("template", account, request, result))
                .recover(error -> Future.succeededFuture(transportFailed("template", account, request, error)));
    }

    private Future<ReplyOutcome> sendStatusTemplate(WechatAccount account, String openId, String number,
                                                   String status) {
        JsonObject data = new JsonObject()
                .put("keyword1", value(number))
                .put("keyword2", value(status))
                .put("keyword3", value(TIME.format(clock.instant())));
        return withRetries(account, token -> api.sendTemplate(token, openId, account.statusTemplateId(), data))
                .map(result -> result.ok() ? new ReplyOutcome(ReplyOutcome.SENT_TEMPLATE, "template", null, null, null)
                        : ReplyOutcome.failed("template", Integer.toString(result.errcode()), result.errmsg()))
                .recover(error -> Future.succeededFuture(ReplyOutcome.failed("template", "transport",
                        error.getMessage())));
    }

    private Future<ApiResult> withRetries(WechatAccount account, Function<String, Future<ApiResult>> call) {
        return attempt(account, call, 0);
    }

    private Future<ApiResult> attempt(WechatAccount account, Function<String, Future<ApiResult>> call, int retry) {
        return tokens.call(account, call).transform(outcome -> {
            boolean busy = outcome.succeeded() && outcome.result().errcode() == -1;
            boolean retryable = outcome.failed() && outcome.cause() instanceof WechatApiException e && e.safeToRetry();
            if ((busy || retryable) && retry < MAX_RETRIES) {
                LOG.info("WeChat API call for account {} failed ({}); retry {} of {}", account.id(),
                        busy ? "errcode -1" : outcome.cause().getMessage(), retry + 1, MAX_RETRIES);
                Promise<ApiResult> later = Promise.promise();
                vertx.setTimer(RETRY_PAUSE_MILLIS << retry,
                        id -> attempt(account, call, retry + 1).onComplete(later));
                return later.future();
            }
            return outcome.succeeded() ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause());
        });
    }

    private static ReplyOutcome failed(String via, WechatAccount account, ReplyRequest request, ApiResult result) {
        LOG.warn("WeChat refused a {} message to {} on account {}: errcode {} {}", via,
                Masking.id(request.recipient()), account.id(), result.errcode(), result.errmsg());
        return ReplyOutcome.failed(via, Integer.toString(result.errcode()), result.errmsg());
    }

    private static ReplyOutcome transportFailed(String via, WechatAccount account, ReplyRequest request,
                                                Throwable error) {
        LOG.warn("Sending a {} message to {} on account {} failed: {}", via, Masking.id(request.recipient()),
                account.id(), error.getMessage());
        String code = error instanceof WechatApiException e && e.timeout() ? "timeout" : "transport";
        return ReplyOutcome.failed(via, code, String.valueOf(error.getMessage()));
    }

    private static JsonObject value(String text) {
        return new JsonObject().put("value", text);
    }
}
