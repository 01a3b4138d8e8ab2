package io.yikou.core.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.i18n.Messages;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Router failure handler: renders every failure as {@code {"error": {...}}} JSON in the language the
 * client asked for, and logs unexpected ones with an id the response repeats, so a support call can
 * find the log line.
 */
public final class ErrorResponder implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final Messages messages;

    public ErrorResponder(Messages messages) {
        this.messages = messages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            LOG.warn("Request {} {} failed after the response started: {}", ctx.request().method(),
                    ctx.normalizedPath(), String.valueOf(ctx.failure()));
            ctx.response().reset();
            return;
        }
        ApiException error = toApiException(ctx);
        Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
        JsonObject body = render(error, locale);
        if (error.status() >= 500) {
            String incident = UUID.randomUUID().toString();
            body.getJsonObject("error").put("incident", incident);
            LOG.error("Request {} {} failed; incident {}", ctx.request().method(), ctx.normalizedPath(), incident,
                    ctx.failure());
        } else {
            LOG.info("Rejected {} {} with {} {}", ctx.request().method(), ctx.normalizedPath(), error.status(),
                    error.code());
        }
        ctx.response()
                .setStatusCode(error.status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    /** Renders an error as the JSON body every endpoint uses. */
    public JsonObject render(ApiException error, Locale locale) {
        JsonObject payload = new JsonObject()
                .put("code", error.code())
                .put("message", messages.get(locale, error.messageKey(), error.args().toArray()));
        if (!error.fields().isEmpty()) {
            JsonArray fields = new JsonArray();
            for (FieldError field : error.fields()) {
                fields.add(new JsonObject()
                        .put("field", field.field())
                        .put("code", field.code())
                        .put("message", messages.get(locale, field.messageKey(), field.args().toArray())));
            }
            payload.put("fields", fields);
        }
        return new JsonObject().put("error", payload);
    }

    private static ApiException toApiException(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            return api;
        }
        int status = ctx.statusCode();
        return switch (status) {
            case 400 -> ApiException.badRequest("bad_request");
            case 401 -> ApiException.of(401, "unauthorized");
            case 403 -> ApiException.of(403, "forbidden");
            case 404 -> ApiException.notFound("not_found");
            case 405 -> ApiException.of(405, "method_not_allowed");
            case 413 -> ApiException.of(413, "body_too_large");
            case 415 -> ApiException.of(415, "unsupported_media_type");
            default -> ApiException.of(500, "internal_error");
        };
    }
}
