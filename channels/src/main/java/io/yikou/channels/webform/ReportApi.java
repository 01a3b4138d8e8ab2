package io.yikou.channels.webform;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.attachment.AttachmentRejectedException;
import io.yikou.core.contact.Channel;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.FormBodies;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeOptions;
import io.yikou.core.intake.IntakeResult;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web form's JSON API: {@code POST /api/v1/reports} files a report (JSON, urlencoded or
 * multipart with up to {@code intake.max-photos} photos) and returns the ticket number and lookup
 * token; {@code GET /api/v1/reports/{number}?token=...} shows its progress without personal data.
 */
final class ReportApi {

    private static final Logger LOG = LoggerFactory.getLogger(ReportApi.class);
    static final String SCOPE = "webform";

    private final ModuleContext context;

    ReportApi(ModuleContext context) {
        this.context = context;
    }

    void submit(RoutingContext ctx) {
        ReportForm form = readForm(ctx);
        List<FileUpload> uploads = ctx.fileUploads().stream()
                // A plain HTML form sends an empty part for a file input left empty.
                .filter(upload -> !(upload.size() == 0 && (upload.fileName() == null || upload.fileName().isEmpty())))
                .toList();

        List<FieldError> errors = new ArrayList<>(form.errors());
        if (!form.consent()) {
            errors.add(FieldError.of("consent", "consent_required"));
        }
        if (uploads.size() > context.config().intake().maxPhotos()) {
            errors.add(FieldError.of("photos", "too_many_files", context.config().intake().maxPhotos()));
        }
        // Validate the text fields too, so the response lists every problem at once.
        for (FieldError error : context.intake().validate(draft(form, List.of()))) {
            if (errors.stream().noneMatch(known -> known.field().equals(error.field()))) {
                errors.add(error);
            }
        }
        if (!errors.isEmpty()) {
            throw rejection(errors);
        }

        String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
        storePhotos(uploads)
                .compose(photos -> context.intake().submit(draft(form, photos), SCOPE, idempotencyKey))
                .onSuccess(result -> respond(ctx, result))
                .onFailure(ctx::fail);
    }

    private ReportForm readForm(RoutingContext ctx) {
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/json")) {
            if (ctx.body().length() > context.config().http().maxJsonBodyBytes()) {
                throw ApiException.of(413, "body_too_large");
            }
            return ReportForm.fromJson(JsonBodies.object(ctx));
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            return ReportForm.fromForm(FormBodies.urlEncoded(ctx.body().buffer()));
        }
        if (contentType.startsWith("multipart/form-data")) {
            MultiMap fields = ctx.request().formAttributes();
            // Netty decodes multipart text with U+FFFD in place of invalid UTF-8 and keeps no raw bytes,
            // so the replacement character is the only trace of a bad encoding left to check.
            for (Map.Entry<String, String> field : fields) {
                if (field.getValue().indexOf('\uFFFD') >= 0) {
                    throw ApiException.badRequest("invalid_utf8");
                }
            }
            return ReportForm.fromForm(fields);
        }
        throw ApiException.of(415, "unsupported_media_type");
    }

    /** Builds the rejection: 413 when a field is over its maximum length, so a long text is never a bare 400. */
    private static ApiException rejection(List<FieldError> errors) {
        boolean tooLong = errors.stream().anyMatch(error -> error.code().equals("too_long"));
        return tooLong
                ? new ApiException(413, "field_too_large", "error.field_too_large", errors)
                : ApiException.invalid(errors);
    }

    /** Responds with the limits the page checks before submitting; the server enforces them again. */
    void limits(RoutingContext ctx) {
        IntakeOptions intake = context.config().intake();
        JsonArray types = new JsonArray();
        for (TicketType type : TicketType.values()) {
            types.add(type.code());
        }
        JsonObject body = new JsonObject()
                .put("maxDescriptionChars", intake.maxDescriptionChars())
                .put("maxAddressChars", intake.maxAddressChars())
                .put("maxNameChars", IntakeService.MAX_NAME_CHARS)
                .put("maxPhotos", intake.maxPhotos())
                .put("maxPhotoBytes", intake.maxPhotoBytes())
                .put("maxBodyBytes", context.config().http().maxBodyBytes())
                .put("photoTypes", new JsonArray(intake.photoTypes().stream().sorted().toList()))
                .put("types", types);
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(body.encode());
    }

    private Future<List<Attachment>> storePhotos(List<FileUpload> uploads) {
        List<Future<Attachment>> stored = new ArrayList<>();
        for (FileUpload upload : uploads) {
            stored.add(context.attachments().store(Path.of(upload.uploadedFileName()), upload.fileName(),
                    upload.contentType(), context.config().intake().photoTypes(),
                    context.config().intake().maxPhotoBytes()));
        }
        return Future.join(stored).transform(done -> {
            List<FieldError> errors = new ArrayList<>();
            List<Attachment> photos = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) {
                Future<Attachment> photo = stored.get(i);
                if (photo.succeeded()) {
                    photos.add(photo.result());
                } else if (photo.cause() instanceof AttachmentRejectedException rejected) {
                    LOG.info("Rejected web-form photo {}: {}", i, rejected.getMessage());
                    errors.add(photoError("photos[" + i + "]", rejected));
                } else {
                    return Future.failedFuture(photo.cause());
                }
            }
            return errors.isEmpty() ? Future.succeededFuture(photos) : Future.failedFuture(ApiException.invalid(errors));
        });
    }

    private FieldError photoError(String field, AttachmentRejectedException rejected) {
        return switch (rejected.reason()) {
            case TOO_LARGE -> FieldError.of(field, "file_too_large",
                    (context.config().intake().maxPhotoBytes() / (1024 * 1024)) + " MB");
            case TYPE_MISMATCH -> FieldError.of(field, "file_type_mismatch");
            case EMPTY -> FieldError.of(field, "empty_file");
            case UNSUPPORTED_TYPE -> FieldError.of(field, "unsupported_file_type");
        };
    }

    private static TicketDraft draft(ReportForm form, List<Attachment> photos) {
        Reporter reporter = form.phone() == null && form.name() == null ? null : new Reporter(form.name(), form.phone());
        return new TicketDraft(Channel.WEBFORM, form.type(), form.category(), form.description(), form.address(),
                form.point(), photos, reporter, Map.of(), false);
    }

    private void respond(RoutingContext ctx, IntakeResult result) {
        Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
        Ticket ticket = result.ticket();
        JsonObject body = new JsonObject()
                .put("number", ticket.number())
                .put("lookupToken", result.lookupToken())
                .put("status", ticket.status().code())
                .put("statusName", context.messages().get(locale, "status." + ticket.status().code()))
                .put("created", result.created())
                .put("statusUrl", "/report/status?number=" + ticket.number() + "&token=" + result.lookupToken());
        ctx.response()
                .setStatusCode(result.created() ? 201 : 200)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Location", "/api/v1/reports/" + ticket.number())
                .end(body.encode());
    }

    void status(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        String token = ctx.request().getParam("token");
        // The same 404 for a wrong token and an unknown number, so numbers cannot be probed.
        if (!context.intake().tokens().matches(number, token)) {
            throw ApiException.notFound("ticket_not_found");
        }
        context.tickets().find(number).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
                return;
            }
            if (found.result().isEmpty()) {
                ctx.fail(ApiException.notFound("ticket_not_found"));
                return;
            }
            Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(citizenView(found.result().get(), locale).encode());
        });
    }

    /** The citizen's view: progress and dates, never phone numbers, names or internal ids. */
    private JsonObject citizenView(Ticket ticket, Locale locale) {
        Messages messages = context.messages();
        JsonArray history = new JsonArray();
        for (TicketEvent event : ticket.events()) {
            if (event.to() == null) {
                continue;
            }
            history.add(new JsonObject()
                    .put("at", event.at().toString())
                    .put("status", event.to().code())
                    .put("statusName", messages.get(locale, "status." + event.to().code())));
        }
        JsonObject view = new JsonObject()
                .put("number", ticket.number())
                .put("type", ticket.type().code())
                .put("typeName", messages.get(locale, "type." + ticket.type().code()))
                .put("status", ticket.status().code())
                .put("statusName", messages.get(locale, "status." + ticket.status().code()))
                .put("createdAt", ticket.createdAt().toString())
                .put("updatedAt", ticket.updatedAt().toString())
                .put("history", history);
        if (ticket.categoryCode() != null) {
            view.put("category", String.join(" / ", context.categories().path(ticket.categoryCode())));
        }
        if (ticket.caseRef() != null && ticket.caseRef().notice() != null) {
            view.put("notice", ticket.caseRef().notice());
        }
        return view;
    }
}
