package io.yikou.kb.classify;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import java.util.List;

/** Plugs the ticket classifier into the server: model loading at start and {@code POST /api/v1/classify}. */
public final class ClassifierModuleProvider implements ModuleProvider {

    private ClassifierOptions options;

    @Override
    public List<EnvOverride> envOverrides() {
        return ClassifierOptions.envOverrides();
    }

    @Override
    public void readOptions(ConfigReader reader) {
        options = ClassifierOptions.read(reader);
    }

    @Override
    public Module create(ModuleContext context) {
        if (options == null) {
            throw new IllegalStateException("readOptions must run before create");
        }
        return new ClassifierModule(context, options);
    }

    @Override
    public int order() {
        return 50;
    }
}
