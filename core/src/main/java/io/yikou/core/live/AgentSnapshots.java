package io.yikou.core.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** Builds the agent views of the live topics from the ACD's {@code AgentState} list. */
public final class AgentSnapshots {

    private AgentSnapshots() {
    }

    /** Builds the {@code agents.snapshot} body with the counts by state and every agent. */
    public static JsonObject agentsSnapshot(JsonArray agents) {
        return new JsonObject().put("byState", byState(agents)).put("agents", agents);
    }

    /** Counts agents by {@code state}. */
    public static JsonObject byState(JsonArray agents) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object item : agents) {
            if (item instanceof JsonObject agent && agent.getString("state") != null) {
                counts.merge(agent.getString("state"), 1, Integer::sum);
            }
        }
        JsonObject json = new JsonObject();
        counts.forEach(json::put);
        return json;
    }

    /** Returns one agent's state from the list, or {@code null}. */
    public static JsonObject find(JsonArray agents, String userId) {
        for (Object item : agents) {
            if (item instanceof JsonObject agent && userId.equals(agent.getString("userId"))) {
                return agent;
            }
        }
        return null;
    }
}
