package io.yikou.core.routing;

import io.vertx.core.Future;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.conversation.impl.RedisConversationStore;
import io.yikou.core.http.ApiException;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.stream.StreamConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Provides the agent-state and messaging-ACD module on every node. */
public final class AcdProvider implements ModuleProvider {

    /** Messages kept per conversation do not matter here: the ACD only reads conversations. */
    private static final int READ_ONLY_MAX_MESSAGES = 1000;

    private AcdOptions options;
    private ConversationAttributes.Options attributeOptions;

    @Override
    public List<EnvOverride> envOverrides() {
        return AcdOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = AcdOptions.read(reader);
        attributeOptions = ConversationAttributes.Options.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        AcdService.Directory directory = directory(context);
        AcdStore store = new AcdStore(context.redis(), context.clock(), options.zone());
        AcdService service = new AcdService(context.vertx(), store, options, new PushPublisher(context.redis()),
                directory);
        RedisConversationStore conversations = new RedisConversationStore(context.redis(),
                context.config().intake().zone(), context.clock(), context.config().intake().streamMaxLength(),
                READ_ONLY_MAX_MESSAGES);
        // One entry at a time keeps a conversation's opened, message and closed entries in order.
        StreamConsumer.Options consumer = new StreamConsumer.Options(AcdModule.GROUP, context.nodeId(), 1,
                Duration.ofSeconds(10), 5, true);
        return new AcdModule(context.vertx(), service, conversations, context.citizens(), context.tickets(),
                context.staffAuth(), context.audit(), directory, context.clock(), consumer, context.redis(),
                context.config().redis().commandTimeout(),
                new ConversationAttributes(context.vertx(), attributeOptions),
                context.staffAuth() instanceof SessionStaffAuth sessions ? sessions : null);
    }

    /** Looks staff members up in the session accounts. With the service token alone no account exists, so every lookup is empty. */
    static AcdService.Directory directory(ModuleContext context) {
        if (context.staffAuth() instanceof SessionStaffAuth sessions) {
            return userId -> sessions.accounts().get(userId)
                    .map(user -> Optional.of(new AcdService.Person(user.id(), user.username(), user.displayName())))
                    .recover(error -> error instanceof ApiException api && api.status() == 404
                            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(error));
        }
        return userId -> Future.succeededFuture(Optional.empty());
    }

    @Override
    public int order() {
        return 60;
    }
}
