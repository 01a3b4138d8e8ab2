package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the messaging ACD over the event bus ({@code acd.agents}, {@code acd.queue-stats},
 * {@code acd.agent-for-interface}). When no ACD runs on this node, or it does not reply in time, the
 * results are empty, so the live views show no chat queues and no agents instead of failing.
 */
public final class AcdClient {

    public static final String AGENTS = "acd.agents";
    public static final String QUEUE_STATS = "acd.queue-stats";
    public static final String AGENT_FOR_INTERFACE = "acd.agent-for-interface";

    private static final Logger LOG = LoggerFactory.getLogger(AcdClient.class);

    private final Vertx vertx;
    private final DeliveryOptions delivery;

    public AcdClient(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    }

    /** Returns every agent's {@code AgentState}, or an empty array without an ACD. */
    public Future<JsonArray> agents() {
        return ask(AGENTS, new JsonObject()).map(reply -> arrayOrEmpty(reply, "agents"));
    }

    /** Returns the ACD's queue statistics with {@code voice} unfilled, or an empty array without an ACD. */
    public Future<JsonArray> queueStats() {
        return ask(QUEUE_STATS, new JsonObject()).map(reply -> arrayOrEmpty(reply, "queues"));
    }

    /** Returns the user id of the agent with this member interface, or {@code null} when none or no ACD. */
    public Future<String> agentForInterface(String memberInterface) {
        return ask(AGENT_FOR_INTERFACE, new JsonObject().put("interface", memberInterface))
                .map(reply -> reply == null ? null : reply.getString("userId"));
    }

    private Future<JsonObject> ask(String address, JsonObject request) {
        return vertx.eventBus().<JsonObject>request(address, request, delivery)
                .map(message -> message.body())
                .recover(error -> {
                    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
                        LOG.debug("No handler for {} on this node", address);
                    } else {
                        LOG.warn("Request {} failed: {}", address, error.toString());
                    }
                    return Future.succeededFuture(null);
                });
    }

    private static JsonArray arrayOrEmpty(JsonObject reply, String field) {
        if (reply == null) {
            return new JsonArray();
        }
        JsonArray array = reply.getJsonArray(field);
        return array == null ? new JsonArray() : array;
    }
}
