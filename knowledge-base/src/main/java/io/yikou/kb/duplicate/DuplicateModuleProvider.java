package io.yikou.kb.duplicate;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Plugs same-incident detection into the server: the stream consumer and the staff API. */
public final class DuplicateModuleProvider implements ModuleProvider {

    private DuplicateOptions options;

    @Override
    public List<EnvOverride> envOverrides() {
        return DuplicateOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = DuplicateOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        if (options == null) {
            throw new IllegalStateException("readOptions must run before create");
        }
        return options.enabled() ? new DuplicateModule(context, options) : null;
    }

    /** After the core services, before the channels that create tickets. */
    @Override
    public int order() {
        return 60;
    }
}
