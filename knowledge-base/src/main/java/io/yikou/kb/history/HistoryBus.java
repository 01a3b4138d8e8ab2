package io.yikou.kb.history;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.intake.PhoneNumbers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket history search for other modules on this node, over the event bus. The screen pop requests
 * a caller's earlier tickets and the wallboard today's facets. The caller writes the audit
 * entry, because only it knows for whom it reads. Without a consumer (history disabled) requests fail
 * with "no handlers", which the callers show as {@code available: false}.
 */
public final class HistoryBus {

    /** Request {@code {"phone", "limit"}}; reply {@code {"total", "tickets": [...]}} newest first. */
    public static final String SEARCH = "kb.history.search";
    /** Request {@code {"from", "to"}} (ISO-8601); reply {@code {"total", "byCategory", "byStreet"}}. */
    public static final String FACETS = "kb.history.facets";

    private static final Logger LOG = LoggerFactory.getLogger(HistoryBus.class);
    private static final int MAX_LIMIT = 50;

    private final TicketHistory history;
    private final List<MessageConsumer<JsonObject>> consumers;

    public HistoryBus(Vertx vertx, TicketHistory history) {
        this.history = history;
        this.consumers = List.of(vertx.eventBus().localConsumer(SEARCH, this::search),
                vertx.eventBus().localConsumer(FACETS, this::facets));
    }

    /** Unregisters the consumers. */
    public void close() {
        consumers.forEach(MessageConsumer::unregister);
    }

    private void search(Message<JsonObject> message) {
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        String phone = PhoneNumbers.normalize(body.getString("phone", "")).orElse(null);
        if (phone == null) {
            message.fail(400, "phone missing or invalid");
            return;
        }
        int limit = Math.max(1, Math.min(MAX_LIMIT, body.getInteger("limit", 10)));
        history.search(new TicketIndex.Query(phone, null, null, null, null, 0, limit)).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Ticket history search over the event bus failed: {}", done.cause().toString());
                message.fail(500, String.valueOf(done.cause().getMessage()));
                return;
            }
            message.reply(new JsonObject().put("total", done.result().total())
                    .put("tickets", new JsonArray(done.result().tickets())));
        });
    }

    private void facets(Message<JsonObject> message) {
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        Instant from;
        Instant to;
        try {
            from = body.getString("from") == null ? null : Instant.parse(body.getString("from"));
            to = body.getString("to") == null ? null : Instant.parse(body.getString("to"));
        } catch (DateTimeParseException e) {
            message.fail(400, "from or to is not an ISO-8601 instant");
            return;
        }
        history.facets(new TicketIndex.Query(null, null, null, from, to, 0, 1)).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Ticket history facets over the event bus failed: {}", done.cause().toString());
                message.fail(500, String.valueOf(done.cause().getMessage()));
                return;
            }
            message.reply(new JsonObject().put("total", done.result().total())
                    .put("byCategory", toJson(done.result().byCategory()))
                    .put("byStreet", toJson(done.result().byStreet())));
        });
    }

    private static JsonObject toJson(Map<String, Long> counts) {
        JsonObject json = new JsonObject();
        counts.forEach(json::put);
        return json;
    }
}
