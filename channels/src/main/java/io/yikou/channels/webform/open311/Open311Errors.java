package io.yikou.channels.webform.open311;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.i18n.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure handler for {@code /open311/v2/*}: renders every failure in the spec's error format, in
 * the format the path names and the language the client requested. Client errors keep the spec's
 * statuses (400, 403, 404). A body over the size limit or of the wrong type is a 400 too, because
 * the spec defines no other client status. Server faults stay 5xx so clients retry them, and are
 * logged with an incident id that the description repeats.
 */
final class Open311Errors implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(Open311Errors.class);

    private final Messages open311Messages;
    private final Messages coreMessages;

    Open311Errors(Messages open311Messages, Messages coreMessages) {
        this.open311Messages = open311Messages;
        this.coreMessages = coreMessages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            LOG.warn("Open311 {} {} failed after the response started: {}", ctx.request().method(),
                    ctx.normalizedPath(), String.valueOf(ctx.failure()));
            ctx.response().reset();
            return;
        }
        Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
        Open311Exception error = toOpen311(ctx, locale);
        if (error.status() >= 500) {
            LOG.error("Open311 {} {} failed; incident {}", ctx.request().method(), ctx.normalizedPath(),
                    error.problems().get(0).args().get(0), ctx.failure());
        } else {
            LOG.info("Rejected Open311 {} {} with {} {}", ctx.request().method(), ctx.normalizedPath(),
                    error.status(), error.problems().stream().map(Open311Exception.Problem::messageKey).toList());
        }
        Open311Format format = Open311Format.ofPath(ctx.normalizedPath());
        ctx.response()
                .setStatusCode(error.status())
                .putHeader("Content-Type", format.contentType())
                .end(render(error, locale).write(format));
    }

    /** Builds the error list document: root {@code errors}, one {@code error} per problem. */
    Open311Document render(Open311Exception error, Locale locale) {
        List<Open311Document.Fields> items = new ArrayList<>();
        for (Open311Exception.Problem problem : error.problems()) {
            items.add(new Open311Document.Fields()
                    .put("code", error.status())
                    .put("description", open311Messages.get(locale, problem.messageKey(), problem.args().toArray())));
        }
        return new Open311Document("errors", new Open311Document.Items("error", items));
    }

    private Open311Exception toOpen311(RoutingContext ctx, Locale locale) {
        Throwable failure = ctx.failure();
        if (failure instanceof Open311Exception open311) {
            return open311;
        }
        if (failure instanceof ApiException api) {
            return fromApiException(api, locale);
        }
        return switch (ctx.statusCode()) {
            case 404, 405 -> Open311Exception.of(404, "open311.not_found");
            case 413 -> Open311Exception.of(400, "open311.body_too_large");
            case 415 -> Open311Exception.of(400, "open311.unsupported_media_type");
            case 400 -> Open311Exception.of(400, "open311.malformed_request");
            default -> {
                String incident = UUID.randomUUID().toString();
                yield Open311Exception.of(ctx.statusCode() == 503 ? 503 : 500, "open311.server_error", incident);
            }
        };
    }

    /** Maps core failures (body decoding, intake validation) to the spec's statuses and descriptions. */
    private Open311Exception fromApiException(ApiException api, Locale locale) {
        if (!api.fields().isEmpty()) {
            List<Open311Exception.Problem> problems = new ArrayList<>();
            for (FieldError field : api.fields()) {
                String text = coreMessages.get(locale, field.messageKey(), field.args().toArray());
                problems.add(Open311Exception.Problem.of("open311.field", Open311Api.openParameter(field.field()), text));
            }
            return new Open311Exception(400, problems);
        }
        int status = api.status();
        if (status >= 500) {
            return Open311Exception.of(status == 503 ? 503 : 500, "open311.server_error", UUID.randomUUID().toString());
        }
        if (status == 404 || status == 403) {
            return Open311Exception.of(status, "open311.plain",
                    coreMessages.get(locale, api.messageKey(), api.args().toArray()));
        }
        return Open311Exception.of(400, "open311.plain", coreMessages.get(locale, api.messageKey(), api.args().toArray()));
    }
}
