package io.yikou.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.channels.wechat.api.WechatApiClient;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.channels.wechat.token.AccessTokens;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.conversation.ConversationModuleProvider;
import io.yikou.core.conversation.reply.ReplyGateway;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat Official Account channel: callback URLs for every configured account, replies through
 * the customer-service and template APIs, and access tokens shared through Redis.
 */
public final class WechatModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(WechatModule.class);
    /** How often each node checks whether a shared token is about to expire. */
    private static final Duration TOKEN_CHECK = Duration.ofSeconds(60);

    private final ModuleContext context;
    private final WechatOptions options;
    private final WechatApiClient api;
    private final AccessTokens tokens;
    private final ConversationService conversations;
    private final WechatCallback callback;
    private final WechatReplySender sender;
    private MessageConsumer<JsonObject> registration;
    private long tokenTimer = -1;

    public WechatModule(ModuleContext context, WechatOptions options, ConversationOptions conversationOptions) {
        this.context = context;
        this.options = options;
        this.api = new WechatApiClient(context.vertx(), options.apiBaseUrl(), options.apiTimeout());
        this.tokens = new AccessTokens(context.redis(), api, options.tokenRefreshAhead());
        this.conversations = ConversationModuleProvider.createService(context, conversationOptions);
        Map<String, WechatCrypto> cryptos = new LinkedHashMap<>();
        for (WechatAccount account : options.accounts()) {
            WechatCrypto crypto = account.crypto();
            if (crypto != null) {
                cryptos.put(account.id(), crypto);
            }
        }
        WechatMedia media = new WechatMedia(options, api, tokens, context.attachments());
        this.callback = new WechatCallback(context.vertx(), options, cryptos, conversations, media, context.clock());
        this.sender = new WechatReplySender(context.vertx(), options, api, tokens, context.clock(),
                ConversationService.dialogueMessages().get(io.yikou.core.i18n.Messages.CHINESE, "reply_notice"));
    }

    @Override
    public String name() {
        return "wechat";
    }

    @Override
    public void mount(Router router) {
        router.get("/channels/wechat/:account").handler(callback::verify);
        router.post("/channels/wechat/:account").handler(callback::receive);
    }

    @Override
    public Future<Void> start() {
        registration = ReplyGateway.register(context.vertx(), Channel.WECHAT, sender);
        tokenTimer = context.vertx().setPeriodic(TOKEN_CHECK.toMillis(), id -> refreshExpiring());
        LOG.info("WeChat channel serving {} account(s): {}; API at {}", options.accounts().size(),
                options.accounts().stream().map(WechatAccount::id).toList(), options.apiBaseUrl());
        return Future.succeededFuture();
    }

    private void refreshExpiring() {
        for (WechatAccount account : options.accounts()) {
            tokens.refreshIfExpiring(account, TOKEN_CHECK.multipliedBy(2))
                    .onFailure(error -> LOG.warn("Refreshing the access token of account {} ahead of expiry failed: {}",
                            account.id(), error.toString()));
        }
    }

    @Override
    public Future<Void> stop() {
        if (tokenTimer >= 0) {
            context.vertx().cancelTimer(tokenTimer);
        }
        Future<Void> unregistered = registration == null ? Future.succeededFuture() : registration.unregister();
        return unregistered.onComplete(v -> api.close());
    }

    /** Returns the shared access tokens, for tests and tools. */
    public AccessTokens tokens() {
        return tokens;
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/channels/wechat/openapi-wechat.yaml";
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject().put("status", "ok").put("accounts", options.accounts().size()));
    }
}
