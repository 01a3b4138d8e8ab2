package io.yikou.channels.webform;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;

/** Registers the web-form channel; its limits come from the core {@code intake.*} settings. */
public final class WebFormProvider implements ModuleProvider {

    @Override
    public void readOptions(ConfigReader reader) {
        // Uses intake.* and http.* from the core configuration.
    }

    @Override
    public Module create(ModuleContext context) {
        return new WebFormModule(context);
    }

    @Override
    public int order() {
        return 100;
    }
}
