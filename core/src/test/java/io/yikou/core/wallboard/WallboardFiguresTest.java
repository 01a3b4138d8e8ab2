package io.yikou.core.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WallboardFiguresTest {

    private static final Instant NOW = Instant.parse("2026-12-04T02:15:00Z");

    private static JsonObject voice(String queue, int waiting, int longest, int answered, int abandoned, int within,
                                    Integer handle) {
        return new JsonObject().put("queue", queue).put("waiting", waiting).put("longestWaitSeconds", longest)
                .put("answered", answered).put("abandoned", abandoned).put("answeredWithinTarget", within)
                .put("averageHandleSeconds", handle).put("serviceLevelSeconds", 15);
    }

    private static JsonObject chatQueue(String id, JsonArray voiceQueues, JsonObject alerts) {
        return new JsonObject().put("queue", id).put("name", id).put("kind", "chat")
                .put("chat", new JsonObject().put("waiting", 4).put("longestWaitSeconds", 245).put("answered", 51)
                        .put("abandoned", 3).put("answeredWithinTarget", 44))
                .put("voice", null).put("voiceQueues", voiceQueues).put("serviceLevelSeconds", 20).put("alerts", alerts);
    }

    @Test
    void serviceLevelCountsAbandonedInDenominator() {
        assertThat(WallboardFigures.serviceLevel(44, 51, 3)).isCloseTo(44.0 / 54, within(1e-9));
    }

    @Test
    void serviceLevelIsNullWithoutCalls() {
        assertThat(WallboardFigures.serviceLevel(0, 0, 0)).isNull();
    }

    @Test
    void serviceLevelCountsAbandonedOnly() {
        assertThat(WallboardFigures.serviceLevel(0, 0, 2)).isEqualTo(0.0);
    }

    @Test
    void voiceFiguresSumOverNamedQueues() {
        JsonArray acd = new JsonArray().add(chatQueue("wechat-general", new JsonArray().add("a").add("b"), null));
        Map<String, JsonObject> voice = Map.of("a", voice("a", 2, 37, 100, 5, 80, 200),
                "b", voice("b", 1, 50, 20, 4, 14, 260));

        JsonObject merged = WallboardFigures.merge(acd, voice, new JsonArray(), 15).getJsonObject(0).getJsonObject("voice");

        assertThat(merged.getLong("waiting")).isEqualTo(3);
        assertThat(merged.getLong("longestWaitSeconds")).isEqualTo(50);
        assertThat(merged.getLong("answered")).isEqualTo(120);
        assertThat(merged.getLong("abandoned")).isEqualTo(9);
        assertThat(merged.getLong("answeredWithinTarget")).isEqualTo(94);
        assertThat(merged.getDouble("serviceLevel")).isCloseTo(94.0 / 129, within(1e-9));
        assertThat(merged.getLong("averageHandleSeconds")).isEqualTo(210);
    }

    @Test
    void queueWithoutVoiceQueuesHasNullVoice() {
        JsonArray acd = new JsonArray().add(chatQueue("wechat-general", new JsonArray(), null));

        JsonObject merged = WallboardFigures.merge(acd, Map.of("a", voice("a", 1, 1, 1, 0, 1, 1)), new JsonArray(), 15)
                .getJsonObject(0);

        assertThat(merged.getValue("voice")).isNull();
    }

    @Test
    void unnamedAsteriskQueueBecomesVoiceQueue() {
        JsonArray agents = new JsonArray()
                .add(new JsonObject().put("state", "ready").put("voice", new JsonObject().put("queues", new JsonArray().add("hotline"))))
                .add(new JsonObject().put("state", "busy").put("voice", new JsonObject().put("queues", new JsonArray().add("other"))))
                .add(new JsonObject().put("state", "ready").put("voice", null));

        JsonArray merged = WallboardFigures.merge(new JsonArray(), Map.of("hotline", voice("hotline", 0, 0, 3, 1, 2, 90)),
                agents, 15);

        JsonObject hotline = merged.getJsonObject(0);
        assertThat(hotline.getString("kind")).isEqualTo("voice");
        assertThat(hotline.getValue("chat")).isNull();
        assertThat(hotline.getJsonObject("agents").getInteger("ready")).isEqualTo(1);
        assertThat(hotline.getJsonObject("agents").getInteger("busy")).isZero();
    }

    @Test
    void voiceTargetsFollowAcdQueue() {
        JsonArray acd = new JsonArray().add(chatQueue("wechat-general", new JsonArray().add("a"), null));

        assertThat(WallboardFigures.voiceTargets(acd, 15)).containsEntry("a", 20);
    }

    @Test
    void alertsRaisedAboveThresholds() {
        JsonObject thresholds = new JsonObject().put("maxWaiting", 5).put("maxLongestWaitSeconds", 120)
                .put("minServiceLevel", 0.9);
        JsonArray queues = WallboardFigures.merge(new JsonArray().add(chatQueue("q1", new JsonArray().add("a"), thresholds)),
                Map.of("a", voice("a", 2, 37, 100, 5, 80, 200)), new JsonArray(), 15);

        Map<String, JsonObject> alerts = WallboardFigures.alerts(queues, NOW);

        assertThat(alerts).containsOnlyKeys("q1:waiting", "q1:longest_wait", "q1:service_level");
        assertThat(alerts.get("q1:waiting").getLong("value")).isEqualTo(6);
        assertThat(alerts.get("q1:longest_wait").getLong("value")).isEqualTo(245);
        assertThat(alerts.get("q1:service_level").getDouble("value")).isCloseTo(124.0 / 159, within(1e-9));
        assertThat(alerts.get("q1:waiting").getString("raisedAt")).isEqualTo(NOW.toString());
    }

    @Test
    void noAlertsWithinThresholds() {
        JsonObject thresholds = new JsonObject().put("maxWaiting", 10).put("maxLongestWaitSeconds", 300)
                .put("minServiceLevel", 0.5);
        JsonArray queues = new JsonArray().add(chatQueue("q1", new JsonArray(), thresholds));

        assertThat(WallboardFigures.alerts(queues, NOW)).isEmpty();
    }

    @Test
    void nullThresholdsRaiseNothing() {
        JsonObject thresholds = new JsonObject().putNull("maxWaiting").putNull("maxLongestWaitSeconds")
                .putNull("minServiceLevel");
        JsonArray queues = new JsonArray().add(chatQueue("q1", new JsonArray(), thresholds));

        assertThat(WallboardFigures.alerts(queues, NOW)).isEmpty();
    }

    @Test
    void sumOfNothingHasNullLevel() {
        JsonObject sum = WallboardFigures.sum(List.of());

        assertThat(sum.getValue("serviceLevel")).isNull();
        assertThat(sum.getValue("averageHandleSeconds")).isNull();
    }
}
