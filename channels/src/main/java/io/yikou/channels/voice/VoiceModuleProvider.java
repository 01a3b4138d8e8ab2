package io.yikou.channels.voice;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Plugs the voice channel (Asterisk AMI and FastAGI) into the server. */
public final class VoiceModuleProvider implements ModuleProvider {

    private VoiceOptions options;

    @Override
    public List<EnvOverride> envOverrides() {
        return VoiceOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = VoiceOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        if (options == null || !options.enabled()) {
            return null;
        }
        return new VoiceModule(context, options);
    }

    @Override
    public int order() {
        return 110;
    }
}
