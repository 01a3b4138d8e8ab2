package io.yikou.core.staff;

import io.vertx.core.http.Cookie;
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
import java.util.Optional;

/**
 * {@code /api/v1/session}: log in, read the current session (with its CSRF token), log out, and
 * change one's own password.
 *
 * <p>Login needs a JSON body, which a page on another site cannot send without a CORS preflight that
 * this server never grants; that keeps other sites from logging a browser into an account of theirs.
 */
final class SessionRoutes {

    private final SessionStaffAuth auth;
    private final Messages messages;

    SessionRoutes(SessionStaffAuth auth, Messages messages) {
        this.auth = auth;
        this.messages = messages;
    }

    void mount(Router router) {
        router.post("/api/v1/session").handler(this::login);
        router.get("/api/v1/session").handler(auth.require(Role.AGENT)).handler(this::current);
        router.delete("/api/v1/session").handler(auth.require(Role.AGENT)).handler(this::logout);
        router.put("/api/v1/session/password").handler(auth.require(Role.AGENT)).handler(this::changePassword);
    }

    private void login(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String username = StaffJson.string(body, "username", errors);
        String password = StaffJson.string(body, "password", errors);
        if (username == null || username.isBlank()) {
            errors.add(FieldError.of("username", "required"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(FieldError.of("password", "required"));
        }
        StaffJson.failIfAny(errors);

        String address = auth.origin(ctx.request()).address();
        Optional<String> previous = Optional.ofNullable(ctx.request().getCookie(SessionStaffAuth.COOKIE))
                .map(Cookie::getValue);
        auth.logins().login(username, password, address, previous).onComplete(result -> {
            if (result.failed()) {
                if (result.cause() instanceof LoginThrottledException throttled) {
                    ctx.response().putHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                }
                ctx.fail(result.cause());
                return;
            }
            StaffLogins.LoginSuccess success = result.result();
            auth.setCookie(ctx.request(), ctx.response(), success.token());
            StaffPrincipal principal = StaffLogins.principal(success.session());
            StaffJson.send(ctx, 200, StaffJson.session(principal, success.session(), minLength(), messages, locale(ctx)));
        });
    }

    private void current(RoutingContext ctx) {
        StaffPrincipal principal = auth.principal(ctx).orElseThrow();
        ActiveSession session = ctx.get(SessionStaffAuth.SESSION_KEY);
        StaffJson.send(ctx, 200, StaffJson.session(principal, session, minLength(), messages, locale(ctx)));
    }

    private void logout(RoutingContext ctx) {
        StaffPrincipal principal = auth.principal(ctx).orElseThrow();
        auth.logins().logout(principal, auth.origin(ctx.request()).address()).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            auth.clearCookie(ctx.request(), ctx.response());
            StaffJson.noContent(ctx);
        });
    }

    private void changePassword(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String current = StaffJson.string(body, "currentPassword", errors);
        String next = StaffJson.string(body, "newPassword", errors);
        StaffJson.failIfAny(errors);
        StaffPrincipal principal = auth.principal(ctx).orElseThrow();
        auth.accounts().changeOwnPassword(principal, current, next, auth.origin(ctx.request()).address())
                .onSuccess(ignored -> StaffJson.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private int minLength() {
        return auth.options().passwordMinLength();
    }

    private static java.util.Locale locale(RoutingContext ctx) {
        return Messages.negotiate(ctx.request().getHeader("Accept-Language"));
    }
}
