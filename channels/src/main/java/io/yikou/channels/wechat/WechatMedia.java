package io.yikou.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.support.MediaTypes;
import io.yikou.channels.wechat.api.ApiResult;
import io.yikou.channels.wechat.api.WechatApiClient;
import io.yikou.channels.wechat.token.AccessTokens;
import io.yikou.core.attachment.AttachmentStore;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MediaFetcher;
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.ticket.Attachment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads photos and voice messages through WeChat's temporary-media API (media ids expire after
 * three days, so they are fetched on arrival) and keeps them in the attachment store. Videos keep
 * only their media id.
 */
public final class WechatMedia implements MediaFetcher {

    private final WechatOptions options;
    private final WechatApiClient api;
    private final AccessTokens tokens;
    private final AttachmentStore store;

    public WechatMedia(WechatOptions options, WechatApiClient api, AccessTokens tokens, AttachmentStore store) {
        this.options = options;
        this.api = api;
        this.tokens = tokens;
        this.store = store;
    }

    @Override
    public Future<Attachment> fetch(InboundMessage message) {
        if (message.kind() == MessageKind.VIDEO) {
            // NOTE: for a video media id WeChat returns a video_url on another host, which is not followed yet.
            return Future.failedFuture(new IllegalStateException("videos are kept as media id only"));
        }
        WechatAccount account = options.account(message.account()).orElseThrow();
        AtomicReference<WechatApiClient.Media> file = new AtomicReference<>();
        return tokens.call(account, token -> api.getMedia(token, message.mediaId()).map(outcome -> {
                    if (outcome.media() != null) {
                        file.set(outcome.media());
                        return new ApiResult(0, "ok", new JsonObject());
                    }
                    return outcome.error();
                }))
                .compose(result -> {
                    if (!result.ok() || file.get() == null) {
                        return Future.failedFuture(new IllegalStateException(
                                "WeChat media API returned errcode " + result.errcode() + " " + result.errmsg()));
                    }
                    WechatApiClient.Media media = file.get();
                    String name = media.fileName() != null ? media.fileName() : message.mediaId();
                    return store.store(media.bytes(), name, null, MediaTypes.ALLOWED, options.maxMediaBytes());
                });
    }
}
