package io.yikou.core.staff;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.i18n.Messages;
import java.util.List;
import java.util.Locale;

/** JSON views of accounts and sessions for the staff API; password hashes never leave the server. */
final class StaffJson {

    private StaffJson() {
    }

    static JsonObject user(StaffUser user, Messages messages, Locale locale) {
        return new JsonObject()
                .put("id", user.id())
                .put("username", user.username())
                .put("displayName", user.displayName())
                .put("role", user.role().code())
                .put("roleName", messages.get(locale, "role." + user.role().code()))
                .put("enabled", user.enabled())
                .put("createdAt", user.createdAt().toString())
                .put("updatedAt", user.updatedAt().toString())
                .put("passwordChangedAt", user.passwordChangedAt().toString());
    }

    static JsonObject principal(StaffPrincipal principal, Messages messages, Locale locale) {
        return new JsonObject()
                .put("id", principal.userId())
                .put("username", principal.username())
                .put("displayName", principal.displayName())
                .put("role", principal.role().code())
                .put("roleName", messages.get(locale, "role." + principal.role().code()));
    }

    static JsonObject session(StaffPrincipal principal, ActiveSession session, int passwordMinLength,
                              Messages messages, Locale locale) {
        JsonObject json = new JsonObject()
                .put("kind", principal.isPerson() ? "session" : "service")
                .put("user", principal(principal, messages, locale))
                .put("passwordMinLength", passwordMinLength);
        if (session != null) {
            json.put("csrfToken", session.csrfToken())
                    .put("idleExpiresAt", session.idleExpiresAt().toString())
                    .put("absoluteExpiresAt", session.absoluteExpiresAt().toString());
        }
        return json;
    }

    /** Returns a string field, {@code null} when absent; a value of another type is a field error. */
    static String string(JsonObject body, String field, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        errors.add(FieldError.of(field, "wrong_type", "string"));
        return null;
    }

    static Boolean bool(JsonObject body, String field, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        errors.add(FieldError.of(field, "wrong_type", "boolean"));
        return null;
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }

    static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
