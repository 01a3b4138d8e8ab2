package io.yikou.core.desk;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import io.yikou.core.staff.SessionStaffAuth;

/** Registers the staff web UI, which needs session logins ({@link SessionStaffAuth}). */
public final class DeskProvider implements ModuleProvider {

    @Override
    public void readOptions(ConfigReader reader) {
        // The UI has no settings of its own; sessions are configured under security.
    }

    @Override
    public Module create(ModuleContext context) {
        return context.staffAuth() instanceof SessionStaffAuth auth ? new DeskModule(auth) : null;
    }

    @Override
    public int order() {
        return 90;
    }
}
