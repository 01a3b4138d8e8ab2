package io.yikou.core.api;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;

/** Registers the core staff API. */
public final class StaffApiProvider implements ModuleProvider {

    @Override
    public void readOptions(ConfigReader reader) {
        // The staff API has no settings of its own.
    }

    @Override
    public Module create(ModuleContext context) {
        return new StaffApiModule(context);
    }

    @Override
    public int order() {
        return 10;
    }
}
