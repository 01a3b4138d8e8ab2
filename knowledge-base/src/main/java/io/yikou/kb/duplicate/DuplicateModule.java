package io.yikou.kb.duplicate;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Same-incident detection: the {@code kb-duplicates} consumer group on the ticket stream, and
 * {@code GET /api/v1/tickets/{number}/duplicates} for agents.
 */
final class DuplicateModule implements Module {

    private final ModuleContext context;
    private final DuplicateOptions options;
    private final DuplicateDetector detector;
    private final DuplicateStreamConsumer consumer;

    DuplicateModule(ModuleContext context, DuplicateOptions options) {
        this.context = context;
        this.options = options;
        this.detector = new DuplicateDetector(context.vertx(), context.tickets(), new IncidentWindow(options.match()),
                options.policy(), context.clock());
        this.consumer = new DuplicateStreamConsumer(context.redis(), context.tickets(), detector, context.nodeId(),
                options.claimIdle(), context.config().redis().commandTimeout(), options.cpuShare());
    }

    @Override
    public String name() {
        return "kb-duplicates";
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tickets/:number/duplicates")
                .handler(context.staffAuth().require(StaffAuth.Role.AGENT))
                .handler(this::duplicates);
    }

    @Override
    public Future<Void> start() {
        return consumer.start();
    }

    @Override
    public Future<Void> stop() {
        return consumer.stop();
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/kb/duplicate/openapi.json";
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject()
                .put("status", "ok")
                .put("policy", options.policy().code())
                .put("windowTickets", detector.window().size())
                .put("checked", consumer.checkedCount())
                .put("failed", consumer.failedCount()));
    }

    private void duplicates(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        context.tickets().find(number).compose(found -> {
            Ticket ticket = found.orElseThrow(() -> ApiException.notFound("ticket_not_found"));
            return detector.currentMatches(ticket).map(current -> new JsonObject()
                    .put("number", ticket.number())
                    .put("status", ticket.status().code())
                    .put("policy", options.policy().code())
                    .put("recorded", DuplicateDetector.recordedCheck(ticket).map(DuplicateModule::recordedJson)
                            .orElse(null))
                    .put("current", matchesJson(current)));
        }).onSuccess(body -> ctx.response()
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(body.encode()))
                .onFailure(ctx::fail);
    }

    private static JsonObject recordedJson(TicketEvent event) {
        JsonArray matches = new JsonArray();
        String list = event.data().getOrDefault("matches", "");
        for (String item : list.isEmpty() ? new String[0] : list.split(",")) {
            String[] parts = item.split(":");
            if (parts.length != 3) {
                continue;
            }
            matches.add(new JsonObject()
                    .put("number", parts[0])
                    .put("score", Double.parseDouble(parts[1]))
                    .put("verdict", parts[2])
                    .put("reasons", reasonsJson(event.data(), parts[0])));
        }
        return new JsonObject().put("at", event.at().toString()).put("summary", event.detail()).put("matches", matches);
    }

    private static JsonArray reasonsJson(Map<String, String> data, String number) {
        JsonArray reasons = new JsonArray();
        String list = data.getOrDefault("reasons." + number, "");
        for (String reason : list.isEmpty() ? new String[0] : list.split(";")) {
            int equals = reason.indexOf('=');
            reasons.add(new JsonObject()
                    .put("code", equals < 0 ? reason : reason.substring(0, equals))
                    .put("value", equals < 0 ? "" : reason.substring(equals + 1)));
        }
        return reasons;
    }

    static JsonArray matchesJson(List<IncidentMatch> matches) {
        JsonArray array = new JsonArray();
        for (IncidentMatch match : matches) {
            JsonArray reasons = new JsonArray();
            match.reasons().forEach(r -> reasons.add(new JsonObject().put("code", r.code()).put("value", r.value())));
            array.add(new JsonObject()
                    .put("number", match.number())
                    .put("score", Math.round(match.score() * 1000) / 1000.0)
                    .put("verdict", match.verdict().name().toLowerCase(Locale.ROOT))
                    .put("reasons", reasons));
        }
        return array;
    }
}
