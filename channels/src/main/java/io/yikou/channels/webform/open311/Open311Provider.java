package io.yikou.channels.webform.open311;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Registers the Open311 GeoReport v2 endpoint and reads its {@code open311.*} settings. */
public final class Open311Provider implements ModuleProvider {

    private Open311Options options;

    @Override
    public List<EnvOverride> envOverrides() {
        return Open311Options.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = Open311Options.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        return new Open311Module(context, options);
    }

    @Override
    public int order() {
        return 110;
    }
}
