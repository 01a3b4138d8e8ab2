package io.yikou.core.module;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import java.util.List;

/**
 * Creates a {@link Module}; found by {@link java.util.ServiceLoader}, so adding a module to the
 * classpath is all it takes to wire it into the server.
 *
 * <p>Start-up calls {@link #envOverrides()} before reading the configuration, {@link #readOptions}
 * while reading it (so unknown or invalid keys of every module are reported together), and
 * {@link #create} once the core services exist.
 */
public interface ModuleProvider {

    /** Environment variables this module's configuration keys accept. */
    default List<EnvOverride> envOverrides() {
        return List.of();
    }

    /** Reads and validates this module's configuration section, reporting problems to the reader. */
    void readOptions(ConfigReader reader);

    /**
     * Creates the module, or returns {@code null} when its configuration leaves it disabled.
     */
    Module create(ModuleContext context);

    /** Start order: lower first. Core services use 0 to 99, channels 100 and above. */
    default int order() {
        return 100;
    }
}
