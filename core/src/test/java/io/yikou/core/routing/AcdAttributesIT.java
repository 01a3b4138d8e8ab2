package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.ConversationMessage;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.conversation.impl.RedisConversationStore;
import io.yikou.core.module.Module;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Language and category group at queue choice: conversations entering routing from the stream get
 * both from the citizen's text, with the test replying to {@code kb.classify} in place of the classifier.
 * Queues, in order: {@code zh-building} (zh, category group H01), {@code en} (en), {@code all}.
 */
class AcdAttributesIT {

    @RegisterExtension
    final RedisExtension redisServer = new RedisExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T02:00:00Z"));
    private final List<String> classified = new CopyOnWriteArrayList<>();
    private CoreServices core;
    private Module module;
    private AcdService acd;
    private RedisConversationStore conversations;
    private MessageConsumer<JsonObject> classifier;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redisServer.url(), "", Map.of(), clock);
        AcdProvider provider = new AcdProvider();
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml("""
                routing:
                  category-threshold: 0.6
                  category-timeout: 1s
                """), "test", Map.of(), AcdOptions.envOverrides()));
        provider.readOptions(reader);
        assertThat(reader.problems()).isEmpty();
        module = provider.create(core.context());
        Await.result(module.start());
        acd = new AcdService(core.vertx(), new AcdStore(core.redis(), clock, AcdOptions.defaults().zone()),
                AcdOptions.defaults(), new PushPublisher(core.redis()),
                userId -> Future.succeededFuture(Optional.of(new AcdService.Person(userId, userId, userId))));
        conversations = new RedisConversationStore(core.redis(), core.context().config().intake().zone(), clock,
                10_000, 100);
        saveQueue("zh-building", 10, List.of("zh"), List.of("H01"));
        saveQueue("en", 20, List.of("en"), List.of());
        saveQueue("all", 30, List.of(), List.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (classifier != null) {
            Await.result(classifier.unregister());
        }
        Await.result(module.stop());
        core.close();
    }

    private void saveQueue(String id, int order, List<String> languages, List<String> groups) {
        JsonObject queue = new JsonObject().put("id", id).put("name", id).put("order", order)
                .put("match", new JsonObject().put("channels", new JsonArray().add("wechat"))
                        .put("languages", new JsonArray(languages)).put("categoryGroups", new JsonArray(groups)))
                .put("requiredSkills", new JsonArray().add("queue:" + id));
        Await.result(acd.saveQueue(QueueDefinition.fromRequest(null, queue, new ArrayList<>()), true));
    }

    /** Replies to {@code kb.classify} with one suggestion of group H01 and the given score. */
    private void classifierAnswers(double score) {
        classifier = core.vertx().eventBus().localConsumer(ConversationAttributes.CLASSIFY_ADDRESS, message -> {
            classified.add(message.body().getString("text"));
            message.reply(new JsonObject().put("suggestions", new JsonArray()
                    .add(new JsonObject().put("category", "H01").put("group", "H01").put("score", score))));
        });
    }

    private String citizenWrites(String openId, MessageKind kind, String text, long messageId) {
        InboundMessage inbound = new InboundMessage(Channel.WECHAT, "dongcheng",
                new Identity(IdentityKind.WECHAT_OPENID, openId, "dongcheng"), Long.toString(messageId),
                Long.toString(messageId), clock.instant(), kind, kind == MessageKind.TEXT ? "text" : "image", text,
                null, null, kind == MessageKind.IMAGE ? "MEDIA-" + messageId : null, null, null, Map.of());
        return Await.result(conversations.appendInbound(Channel.WECHAT, "dongcheng", inbound.sender(), "CIT-" + openId,
                ConversationMessage.inbound(inbound, "C-" + messageId, null, null), clock.instant()))
                .conversation().id();
    }

    private Map<String, String> routing(String id) {
        return Await.result(acd.store().routing(id)).orElse(Map.of());
    }

    @Test
    void chineseTextRoutesToCategoryQueue() {
        classifierAnswers(0.9);

        String id = citizenWrites("oZH", MessageKind.TEXT, "小区电梯坏了一个月，物业一直不修", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("queue", "zh-building").containsEntry("language", "zh")
                .containsEntry("categoryGroup", "H01").containsEntry("textSeen", "1");
        assertThat(classified).containsExactly("小区电梯坏了一个月，物业一直不修");
    }

    @Test
    void lowScoreLeavesCategoryOut() {
        classifierAnswers(0.4);

        String id = citizenWrites("oLOW", MessageKind.TEXT, "小区电梯坏了", 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("queue", "all").containsEntry("categoryGroup", "");
    }

    @Test
    void englishTextRoutesToEnglishQueue() {
        // No consumer is registered for kb.classify here, so routing goes on without a category group.
        String id = citizenWrites("oEN", MessageKind.TEXT, "The street light outside gate 3 is broken", 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("queue", "en").containsEntry("language", "en")
                .containsEntry("categoryGroup", "");
    }

    @Test
    void firstTextMovesWaitingConversation() {
        classifierAnswers(0.9);
        String id = citizenWrites("oIMG", MessageKind.IMAGE, null, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("queue", "all").containsEntry("textSeen", "0");

        citizenWrites("oIMG", MessageKind.TEXT, "楼道里漏水，电梯也停了", 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(routing(id).get("textSeen")));
        assertThat(routing(id)).containsEntry("queue", "zh-building").containsEntry("status", "waiting")
                .containsEntry("categoryGroup", "H01");
        assertThat(Await.result(acd.store().waiting("all", 10))).doesNotContain(id);
        assertThat(Await.result(acd.store().waiting("zh-building", 10))).containsExactly(id);
    }

    @Test
    void offeredConversationIsNotMoved() {
        classifierAnswers(0.9);
        Await.result(acd.saveProfile(new AgentProfile("u-all", List.of("queue:all"), null, null, List.of(), 0)));
        Await.result(acd.setPresence("u-all", "ready", null));
        String id = citizenWrites("oOFFER", MessageKind.IMAGE, null, 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(routing(id).get("status")));

        citizenWrites("oOFFER", MessageKind.TEXT, "The street light is broken", 7);

        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(routing(id).get("textSeen")));
        assertThat(routing(id)).containsEntry("queue", "all").containsEntry("status", "offered")
                .containsEntry("agent", "u-all").containsEntry("language", "en");
        assertThat(Await.result(acd.store().waiting("en", 10))).isEmpty();
        assertThat(Await.result(acd.reattribute(id, "zh", "H01"))).isFalse();
        assertThat(routing(id)).containsEntry("queue", "all").containsEntry("status", "offered");
    }
}
