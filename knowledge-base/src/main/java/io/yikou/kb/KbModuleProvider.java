package io.yikou.kb;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Registers the knowledge-base module with the server (listed in {@code META-INF/services}). */
public final class KbModuleProvider implements ModuleProvider {

    private KbOptions options;

    @Override
    public List<EnvOverride> envOverrides() {
        return KbOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = KbOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        return options.enabled() ? new KbModule(context, options) : null;
    }

    /**
     * Starts after the classifier (50) and duplicate detection (60), so a broken model file stops
     * start-up before the search index is opened, and before the channels (100 and above).
     */
    @Override
    public int order() {
        return 70;
    }
}
