package io.yikou.core.casesystem;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;

/** Registers the case router; its settings are part of the core configuration. */
public final class CaseRouterProvider implements ModuleProvider {

    @Override
    public void readOptions(ConfigReader reader) {
        // Read with the core sections as case-system.*.
    }

    @Override
    public Module create(ModuleContext context) {
        return new CaseRouterModule(context);
    }

    @Override
    public int order() {
        return 50;
    }
}
