package io.yikou.core.staff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /api/v1/admin/users}: administrators list, create, change and disable staff accounts. */
final class UserRoutes {

    private final SessionStaffAuth auth;
    private final Messages messages;

    UserRoutes(SessionStaffAuth auth, Messages messages) {
        this.auth = auth;
        this.messages = messages;
    }

    void mount(Router router) {
        router.get("/api/v1/admin/users").handler(auth.require(Role.ADMINISTRATOR)).handler(this::list);
        router.post("/api/v1/admin/users").handler(auth.require(Role.ADMINISTRATOR)).handler(this::create);
        router.get("/api/v1/admin/users/:id").handler(auth.require(Role.ADMINISTRATOR)).handler(this::get);
        router.patch("/api/v1/admin/users/:id").handler(auth.require(Role.ADMINISTRATOR)).handler(this::update);
        router.put("/api/v1/admin/users/:id/password").handler(auth.require(Role.ADMINISTRATOR))
                .handler(this::resetPassword);
    }

    private void list(RoutingContext ctx) {
        Locale locale = locale(ctx);
        auth.accounts().list().onSuccess(users -> {
            JsonArray items = new JsonArray();
            users.forEach(user -> items.add(StaffJson.user(user, messages, locale)));
            StaffJson.send(ctx, 200, new JsonObject().put("users", items));
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        auth.accounts().get(ctx.pathParam("id"))
                .onSuccess(user -> StaffJson.send(ctx, 200, StaffJson.user(user, messages, locale(ctx))))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String username = StaffJson.string(body, "username", errors);
        String displayName = StaffJson.string(body, "displayName", errors);
        String roleCode = StaffJson.string(body, "role", errors);
        String password = StaffJson.string(body, "password", errors);
        StaffJson.failIfAny(errors);

        Role role = Role.parse(roleCode).orElse(null);
        var request = new StaffAccounts.NewUser(username, displayName, role, password);
        auth.accounts().create(actor(ctx), request, address(ctx))
                .onSuccess(user -> {
                    ctx.response().putHeader("Location", "/api/v1/admin/users/" + user.id());
                    StaffJson.send(ctx, 201, StaffJson.user(user, messages, locale(ctx)));
                })
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String displayName = StaffJson.string(body, "displayName", errors);
        String roleCode = StaffJson.string(body, "role", errors);
        Boolean enabled = StaffJson.bool(body, "enabled", errors);
        Optional<Role> role = Optional.empty();
        if (roleCode != null) {
            role = Role.parse(roleCode);
            if (role.isEmpty()) {
                errors.add(FieldError.of("role", "invalid_role"));
            }
        }
        StaffJson.failIfAny(errors);

        var changes = new StaffAccounts.UserChanges(Optional.ofNullable(displayName), role,
                Optional.ofNullable(enabled));
        auth.accounts().update(actor(ctx), ctx.pathParam("id"), changes, address(ctx))
                .onSuccess(user -> StaffJson.send(ctx, 200, StaffJson.user(user, messages, locale(ctx))))
                .onFailure(ctx::fail);
    }

    private void resetPassword(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String password = StaffJson.string(body, "password", errors);
        StaffJson.failIfAny(errors);
        auth.accounts().resetPassword(actor(ctx), ctx.pathParam("id"), password, address(ctx))
                .onSuccess(ignored -> StaffJson.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private StaffPrincipal actor(RoutingContext ctx) {
        return auth.principal(ctx).orElseThrow();
    }

    private String address(RoutingContext ctx) {
        return auth.origin(ctx.request()).address();
    }

    private static Locale locale(RoutingContext ctx) {
        return Messages.negotiate(ctx.request().getHeader("Accept-Language"));
    }
}
