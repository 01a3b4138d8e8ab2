package io.yikou.channels.weibo;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.channels.support.MediaTypes;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.ConversationModuleProvider;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.conversation.MediaFetcher;
import io.yikou.core.conversation.reply.ReplyGateway;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Weibo fans-service channel: push URLs for every configured account and replies through the reply API. */
public final class WeiboModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(WeiboModule.class);

    private final ModuleContext context;
    private final WeiboOptions options;
    private final WeiboApiClient api;
    private final WeiboCallback callback;
    private final WeiboReplySender sender;
    private MessageConsumer<JsonObject> registration;

    public WeiboModule(ModuleContext context, WeiboOptions options, ConversationOptions conversationOptions) {
        this.context = context;
        this.options = options;
        this.api = new WeiboApiClient(context.vertx(), options.apiBaseUrl(), options.mediaBaseUrl(),
                options.apiTimeout());
        ConversationService conversations = ConversationModuleProvider.createService(context, conversationOptions);
        MediaFetcher media = message -> {
            WeiboAccount account = options.account(message.account()).orElseThrow();
            if (account.accessToken() == null) {
                return Future.failedFuture(new IllegalStateException("no access token configured for downloads"));
            }
            return api.download(account.accessToken(), message.mediaId())
                    .compose(bytes -> context.attachments().store(bytes, message.mediaId(), null,
                            MediaTypes.ALLOWED, options.maxMediaBytes()));
        };
        this.callback = new WeiboCallback(context.vertx(), options, conversations, media, context.clock());
        this.sender = new WeiboReplySender(options, api, context.clock());
    }

    @Override
    public String name() {
        return "weibo";
    }

    @Override
    public void mount(Router router) {
        router.get("/channels/weibo/:account").handler(callback::verify);
        router.post("/channels/weibo/:account").handler(callback::receive);
    }

    @Override
    public Future<Void> start() {
        registration = ReplyGateway.register(context.vertx(), Channel.WEIBO, sender);
        LOG.info("Weibo channel serving {} account(s): {}; API at {}", options.accounts().size(),
                options.accounts().stream().map(WeiboAccount::id).toList(), options.apiBaseUrl());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        Future<Void> unregistered = registration == null ? Future.succeededFuture() : registration.unregister();
        return unregistered.onComplete(v -> api.close());
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/channels/weibo/openapi-weibo.yaml";
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject().put("status", "ok").put("accounts", options.accounts().size()));
    }
}
