package io.yikou.channels.wechat;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Provides the WeChat channel; disabled while no account is configured under {@code wechat.accounts}. */
public final class WechatModuleProvider implements ModuleProvider {

    private WechatOptions options;
    private ConversationOptions conversations;

    @Override
    public List<EnvOverride> envOverrides() {
        return WechatOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = WechatOptions.read(reader);
        conversations = ConversationOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        return options.accounts().isEmpty() ? null : new WechatModule(context, options, conversations);
    }

    @Override
    public int order() {
        return 110;
    }
}
