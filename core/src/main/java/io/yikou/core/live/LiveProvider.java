package io.yikou.core.live;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;

/** Registers the live push hub and the wallboard. */
public final class LiveProvider implements ModuleProvider {

    private LiveOptions options = LiveOptions.defaults();

    @Override
    public void readOptions(ConfigReader reader) {
        options = LiveOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        return new LiveModule(context, options);
    }

    @Override
    public int order() {
        return 60;
    }
}
