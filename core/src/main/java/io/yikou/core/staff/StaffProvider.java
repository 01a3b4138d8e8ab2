package io.yikou.core.staff;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;

/**
 * Registers the staff module. It runs only where the server authenticates staff with sessions
 * ({@link SessionStaffAuth}); with the service token alone there is nobody to log in.
 */
public final class StaffProvider implements ModuleProvider {

    @Override
    public void readOptions(ConfigReader reader) {
        // The security section is read with the core configuration (SecurityOptions).
    }

    @Override
    public Module create(ModuleContext context) {
        return context.staffAuth() instanceof SessionStaffAuth auth ? new StaffModule(context, auth) : null;
    }

    @Override
    public int order() {
        return 5;
    }
}
