package io.yikou.core.staff;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.yikou.core.audit.AuditRoutes;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;

/**
 * Staff accounts over HTTP: the session API, user administration and the audit log. Starting it
 * creates the first administrator when {@code security.bootstrap-admin.password} is set and none exists.
 */
public final class StaffModule implements Module {

    private final SessionStaffAuth auth;
    private final SessionRoutes sessions;
    private final UserRoutes users;
    private final AuditRoutes audit;

    StaffModule(ModuleContext context, SessionStaffAuth auth) {
        this.auth = auth;
        this.sessions = new SessionRoutes(auth, context.messages());
        this.users = new UserRoutes(auth, context.messages());
        this.audit = new AuditRoutes(auth, auth.audit());
    }

    @Override
    public String name() {
        return "staff";
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/staff/openapi-staff.yaml";
    }

    @Override
    public void mount(Router router) {
        sessions.mount(router);
        users.mount(router);
        audit.mount(router);
    }

    @Override
    public Future<Void> start() {
        return auth.accounts().ensureBootstrapAdmin().mapEmpty();
    }
}
