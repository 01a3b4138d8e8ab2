package io.yikou.core.conversation;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.conversation.impl.ConversationModule;
import io.yikou.core.conversation.impl.RedisConversationStore;
import io.yikou.core.conversation.impl.TicketStatusNotices;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import io.yikou.core.redis.RedisLock;
import java.util.List;

/** Provides the conversations module: the staff conversation API and the idle sweep. */
public final class ConversationModuleProvider implements ModuleProvider {

    private ConversationOptions options;

    @Override
    public List<EnvOverride> envOverrides() {
        return ConversationOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = ConversationOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        ConversationService service = createService(context, options);
        TicketStatusNotices notices = options.notifyStatuses().isEmpty() ? null
                : new TicketStatusNotices(context.redis(), context.tickets(), service, options.notifyStatuses(),
                        context.nodeId(), context.config().redis().commandTimeout());
        return new ConversationModule(context.vertx(), service, options, context.staffAuth(), context.audit(),
                context.clock(), notices);
    }

    /** Builds a conversation service over the node's Redis; channel modules call this with the same options. */
    public static ConversationService createService(ModuleContext context, ConversationOptions options) {
        RedisConversationStore store = new RedisConversationStore(context.redis(), context.config().intake().zone(),
                context.clock(), context.config().intake().streamMaxLength(), options.maxMessages());
        return new ConversationService(context.vertx(), store, context.contacts(), context.citizens(), context.intake(),
                new RedisLock(context.redis()), options, context.config().intake().maxPhotos(), context.clock());
    }

    @Override
    public int order() {
        return 50;
    }
}
