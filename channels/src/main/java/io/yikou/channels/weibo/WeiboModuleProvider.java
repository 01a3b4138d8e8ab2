package io.yikou.channels.weibo;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Provides the Weibo channel; disabled while no account is configured under {@code weibo.accounts}. */
public final class WeiboModuleProvider implements ModuleProvider {

    private WeiboOptions options;
    private ConversationOptions conversations;

    @Override
    public List<EnvOverride> envOverrides() {
        return WeiboOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = WeiboOptions.read(reader);
        conversations = ConversationOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        return options.accounts().isEmpty() ? null : new WeiboModule(context, options, conversations);
    }

    @Override
    public int order() {
        return 120;
    }
}
