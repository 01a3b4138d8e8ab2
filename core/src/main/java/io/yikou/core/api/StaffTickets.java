package io.yikou.core.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.contact.Channel;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.privacy.Masking;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.TicketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tickets that staff file themselves ({@code POST /api/v1/tickets}), typically while a citizen is on
 * the phone, and the grid preview the desk's ticket form shows ({@code GET /api/v1/grid/locate}).
 * Creation goes through {@code IntakeService}, like every channel, and is audit-logged.
 */
final class StaffTickets {

    private static final Logger LOG = LoggerFactory.getLogger(StaffTickets.class);
    /** Idempotency-Key scope of staff-filed tickets. */
    static final String SCOPE = "staff";
    /** Channels a staff-filed ticket may name: the phone call it records, or none ({@code staff}). */
    private static final Set<Channel> CHANNELS = Set.of(Channel.VOICE, Channel.STAFF);

    private final ModuleContext context;

    StaffTickets(ModuleContext context) {
        this.context = context;
    }

    void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        TicketDraft draft = draft(body, errors);
        if (!errors.isEmpty()) {
            // Intake adds the problems it finds itself (required fields, lengths, phone), so all show at once.
            for (FieldError error : context.intake().validate(draft)) {
                if (errors.stream().noneMatch(known -> known.field().equals(error.field()))) {
                    errors.add(error);
                }
            }
            ctx.fail(ApiException.invalid(errors));
            return;
        }

        context.intake().submit(draft, SCOPE, ctx.request().getHeader("Idempotency-Key"))
                .compose(result -> AuditEntry.forRequest(context.staffAuth(), ctx, AuditActions.TICKET_CREATE,
                                context.clock().instant())
                        .map(entry -> context.audit().append(entry.withTicket(result.ticket().number())
                                .withCitizen(result.ticket().citizenId())
                                .withDetail(result.created() ? draft.channel().code() : "repeat")))
                        .orElseGet(Future::succeededFuture)
                        .map(result))
                .onSuccess(result -> {
                    if (result.created()) {
                        LOG.info("Staff {} filed ticket {} ({}, reporter {})", context.staffAuth().actor(ctx),
                                result.ticket().number(), draft.channel().code(),
                                draft.reporter() == null ? "anonymous" : Masking.phone(draft.reporter().phone()));
                    }
                    JsonObject ticketJson = TicketJson.staffView(result.ticket(), context.messages(),
                            StaffApiModule.locale(ctx));
                    ticketJson.put("created", result.created()).put("lookupToken", result.lookupToken());
                    ctx.response().setStatusCode(result.created() ? 201 : 200)
                            .putHeader("Location", "/api/v1/tickets/" + result.ticket().number());
                    StaffApiModule.json(ctx, ticketJson);
                })
                .onFailure(ctx::fail);
    }

    /**
     * Previews the grid cells of a position ({@code lat}, {@code lon}) or, without one, of an address
     * that names its street or community, as intake will resolve them.
     */
    void locate(RoutingContext ctx) {
        String lat = ctx.request().getParam("lat");
        String lon = ctx.request().getParam("lon");
        String address = ctx.request().getParam("address");
        GridRef ref;
        String source;
        if (lat != null || lon != null) {
            GeoPoint point = point(number(lat), number(lon));
            if (point == null) {
                throw ApiException.badRequest("invalid_query", "lat, lon");
            }
            ref = context.grid().locate(point);
            source = "point";
        } else if (address != null && !address.isBlank()) {
            ref = context.grid().locateByName(address);
            source = "address";
        } else {
            throw ApiException.badRequest("invalid_query", "lat and lon, or address");
        }
        JsonObject grid = new JsonObject(JsonCodec.write(ref));
        StaffApiModule.json(ctx, new JsonObject().put("source", source).put("resolved", ref.isResolved())
                .put("grid", grid));
    }

    private static TicketDraft draft(JsonObject body, List<FieldError> errors) {
        String typeText = text(body, "type", errors);
        TicketType type = null;
        if (typeText != null) {
            type = TicketType.parse(typeText).orElse(null);
            if (type == null) {
                errors.add(FieldError.of("type", "unknown_type"));
            }
        }

        Channel channel = Channel.STAFF;
        String channelText = text(body, "channel", errors);
        if (channelText != null) {
            channel = Channel.parse(channelText).filter(CHANNELS::contains).orElse(null);
            if (channel == null) {
                errors.add(FieldError.of("channel", "invalid_value"));
            }
        }

        GeoPoint point = null;
        Object rawPoint = body.getValue("point");
        if (rawPoint instanceof JsonObject json) {
            point = point(json.getValue("lat"), json.getValue("lon"));
            if (point == null) {
                errors.add(FieldError.of("location", "invalid_point"));
            }
        } else if (rawPoint != null) {
            errors.add(FieldError.of("location", "invalid_point"));
        }

        Reporter reporter = null;
        Object rawReporter = body.getValue("reporter");
        if (rawReporter instanceof JsonObject json) {
            String name = text(json, "name", errors);
            String phone = text(json, "phone", errors);
            reporter = name == null && phone == null ? null : new Reporter(name, phone);
        } else if (rawReporter != null) {
            errors.add(FieldError.of("reporter", "wrong_type", "object"));
        }

        Object resolved = body.getValue("resolvedAtFirstContact");
        if (resolved != null && !(resolved instanceof Boolean)) {
            errors.add(FieldError.of("resolvedAtFirstContact", "wrong_type", "boolean"));
        }

        return new TicketDraft(channel == null ? Channel.STAFF : channel, type,
                text(body, "category", errors), text(body, "description", errors), text(body, "address", errors),
                point, List.of(), reporter, Map.of(), Boolean.TRUE.equals(resolved));
    }

    /** Returns a string field, {@code null} when absent or blank; any other type is a field error. */
    private static String text(JsonObject body, String field, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(FieldError.of(field, "wrong_type", "string"));
            return null;
        }
        return text.isBlank() ? null : text;
    }

    private static Double number(String text) {
        try {
            return text == null ? null : Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Returns the position, or {@code null} when either value is missing, not a number or out of range. */
    private static GeoPoint point(Object lat, Object lon) {
        if (!(lat instanceof Number latitude) || !(lon instanceof Number longitude)) {
            return null;
        }
        try {
            return new GeoPoint(latitude.doubleValue(), longitude.doubleValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
