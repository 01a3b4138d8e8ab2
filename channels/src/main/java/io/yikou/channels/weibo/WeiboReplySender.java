package io.yikou.channels.weibo;

import io.vertx.core.Future;
import io.yikou.core.conversation.reply.ReplyOutcome;
import io.yikou.core.conversation.reply.ReplyRequest;
import io.yikou.core.conversation.reply.ReplySender;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies through Weibo's customer-service API within 48 hours of the citizen's last
 * message. Texts longer than Weibo's limit (under 300 Chinese characters) go out in parts. Weibo
 * has no template messages, so a reply outside the window fails visibly for the agent.
 */
public final class WeiboReplySender implements ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(WeiboReplySender.class);
    static final int PART_CODE_POINTS = 290;

    private final WeiboOptions options;
    private final WeiboApiClient api;
    private final Clock clock;

    public WeiboReplySender(WeiboOptions options, WeiboApiClient api, Clock clock) {
        this.options = options;
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Future<ReplyOutcome> send(ReplyRequest request) {
        WeiboAccount account = options.account(request.account()).orElse(null);
        if (account == null || account.accessToken() == null) {
            return Future.succeededFuture(ReplyOutcome.failed(null, "unknown_account",
                    "no Weibo account " + request.account() + " with an access token is configured"));
        }
        if (request.lastInboundAt() == null
                || !request.lastInboundAt().plus(options.replyWindow()).isAfter(clock.instant())) {
            return Future.succeededFuture(ReplyOutcome.failed("reply", "window_closed",
                    "the citizen's last message is older than " + options.replyWindow().toHours() + " h"));
        }
        Future<ReplyOutcome> chain = Future.succeededFuture(ReplyOutcome.sent("reply", null));
        for (String part : split(request.text())) {
            chain = chain.compose(previous -> !previous.delivered() ? Future.succeededFuture(previous)
                    : api.replyText(account.accessToken(), request.recipient(), part).map(result -> {
                        if (result.ok()) {
                            return ReplyOutcome.sent("reply", null);
                        }
                        LOG.warn("Weibo refused a reply to {} on account {}: {} {}", Masking.id(request.recipient()),
                                account.id(), result.errorCode(), result.error());
                        return ReplyOutcome.failed("reply", result.errorCode(), result.error());
                    }));
        }
        return chain;
    }

    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int remaining = text.codePointCount(start, text.length());
            int end = remaining <= PART_CODE_POINTS ? text.length() : text.offsetByCodePoints(start, PART_CODE_POINTS);
            parts.add(text.substring(start, end));
            start = end;
        }
        return parts;
    }
}
