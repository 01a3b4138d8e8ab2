package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcdServiceTest {

    private static QueueDefinition queue(String id, int order, JsonObject match, String... skills) {
        JsonObject body = new JsonObject().put("id", id).put("name", id).put("order", order).put("match", match)
                .put("requiredSkills", new JsonArray(List.of(skills)));
        return QueueDefinition.fromRequest(null, body, new ArrayList<>());
    }

    private static AcdService.Entry entry(String channel, boolean elderly) {
        return new AcdService.Entry("V-1", channel, "CIT-1", elderly, "zh", null, "", null);
    }

    @Test
    void deviceStateReadsEveryForm() {
        assertThat(AcdService.deviceState(2)).isEqualTo("in_use");
        assertThat(AcdService.deviceState("6")).isEqualTo("ringing");
        assertThat(AcdService.deviceState("NOT_IN_USE")).isEqualTo("not_in_use");
        assertThat(AcdService.deviceState("RING_IN_USE")).isEqualTo("ringinuse");
        assertThat(AcdService.deviceState("ON_HOLD")).isEqualTo("on_hold");
        assertThat(AcdService.deviceState("InUse")).isEqualTo("in_use");
        assertThat(AcdService.deviceState(42)).isEqualTo("unknown");
        assertThat(AcdService.deviceState(null)).isEqualTo("unknown");
    }

    @Test
    void firstMatchingQueueByOrder() {
        List<QueueDefinition> queues = List.of(
                queue("elderly", 5, new JsonObject().put("elderly", true)),
                queue("wechat", 10, new JsonObject().put("channels", new JsonArray().add("wechat"))),
                queue("all", 20, new JsonObject()));

        assertThat(AcdService.chooseQueue(queues, entry("wechat", true), Optional.empty()))
                .map(QueueDefinition::id).hasValue("elderly");
        assertThat(AcdService.chooseQueue(queues, entry("wechat", false), Optional.empty()))
                .map(QueueDefinition::id).hasValue("wechat");
        assertThat(AcdService.chooseQueue(queues, entry("weibo", false), Optional.empty()))
                .map(QueueDefinition::id).hasValue("all");
    }

    @Test
    void defaultQueueOnlyWhenItExists() {
        List<QueueDefinition> queues = List.of(queue("wechat", 10,
                new JsonObject().put("channels", new JsonArray().add("wechat"))));

        assertThat(AcdService.chooseQueue(queues, entry("weibo", false), Optional.of("wechat")))
                .map(QueueDefinition::id).hasValue("wechat");
        assertThat(AcdService.chooseQueue(queues, entry("weibo", false), Optional.of("gone"))).isEmpty();
        assertThat(AcdService.chooseQueue(queues, entry("weibo", false), Optional.empty())).isEmpty();
    }

    @Test
    void agentServesQueuesWhoseSkillsItHas() {
        List<QueueDefinition> queues = List.of(queue("wechat", 10, new JsonObject(), "channel:wechat"),
                queue("elderly", 20, new JsonObject(), "channel:wechat", "elderly"),
                queue("open", 30, new JsonObject()));
        AgentProfile profile = new AgentProfile("u-1", List.of("channel:wechat", "lang:zh"), null, null, List.of(), 1);

        assertThat(AcdService.servedList(profile, queues)).containsExactly("wechat", "open");
    }
}
