package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.module.Module;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ACD module as a node runs it: conversations enter routing from the stream, the event-bus
 * addresses reply, presence changes reach the voice module, and timers survive a restart.
 */
class AcdModuleIT {

    @RegisterExtension
    final RedisExtension redisServer = new RedisExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T02:00:00Z"));
    private CoreServices core;
    private Module module;
    private AcdService acd;
    private RedisConversationStore conversations;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redisServer.url(), "", Map.of(), clock);
        module = startModule("");
        acd = new AcdService(core.vertx(), new AcdStore(core.redis(), clock, AcdOptions.defaults().zone()),
                AcdOptions.defaults(), new PushPublisher(core.redis()),
                userId -> Future.succeededFuture(Optional.of(new AcdService.Person(userId, userId, userId))));
        conversations = new RedisConversationStore(core.redis(), core.context().config().intake().zone(), clock,
                10_000, 100);
        JsonObject wechat = new JsonObject().put("id", "wechat").put("name", "微信").put("order", 10)
                .put("match", new JsonObject().put("channels", new JsonArray().add("wechat")))
                .put("requiredSkills", new JsonArray().add("channel:wechat"));
        Await.result(acd.saveQueue(QueueDefinition.fromRequest(null, wechat, new java.util.ArrayList<>()), true));
        Await.result(acd.saveProfile(new AgentProfile("u-a", List.of("channel:wechat"), null, "PJSIP/1001",
                List.of("96010-general"), 0)));
    }

    private Module startModule(String yaml) {
        AcdProvider provider = new AcdProvider();
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", Map.of(),
                AcdOptions.envOverrides()));
        provider.readOptions(reader);
        assertThat(reader.problems()).isEmpty();
        Module created = provider.create(core.context());
        Await.result(created.start());
        return created;
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(module.stop());
        core.close();
    }

    private String citizenWrites(String openId, String text, long messageId) {
        InboundMessage inbound = new InboundMessage(Channel.WECHAT, "dongcheng",
                new Identity(IdentityKind.WECHAT_OPENID, openId, "dongcheng"), Long.toString(messageId),
                Long.toString(messageId), clock.instant(), MessageKind.TEXT, "text", text, null, null, null, null,
                null, Map.of());
        return Await.result(conversations.appendInbound(Channel.WECHAT, "dongcheng", inbound.sender(), "CIT-1",
                ConversationMessage.inbound(inbound, "C-" + messageId, null, null), clock.instant()))
                .conversation().id();
    }

    private Map<String, String> routing(String id) {
        return Await.result(acd.store().routing(id)).orElse(Map.of());
    }

    private JsonObject request(String address, JsonObject body) {
        return Await.result(core.vertx().eventBus().<JsonObject>request(address, body)).body();
    }

    @Test
    void openedConversationIsOfferedAndFollowedToClose() throws Exception {
        Await.result(acd.setPresence("u-a", "ready", null));

        String id = citizenWrites("oCITIZEN1", "胡同口路灯不亮", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("agent", "u-a").containsEntry("channel", "wechat")
                .containsEntry("preview", "胡同口路灯不亮");
        Await.result(acd.accept(id, "u-a"));

        RedisClient client = RedisClient.create(redisServer.url());
        List<JsonObject> events = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub()) {
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    events.add(new JsonObject(message));
                }
            });
            pubsub.sync().subscribe(PushPublisher.CHANNEL);
            citizenWrites("oCITIZEN1", "<script>alert(1)</script>还是不亮", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> "conversation.message".equals(e.getString("event"))));
        } finally {
            client.shutdown();
        }
        JsonObject message = events.stream().filter(e -> "conversation.message".equals(e.getString("event")))
                .findFirst().orElseThrow();
        assertThat(message.getString("userId")).isEqualTo("u-a");
        assertThat(message.getJsonObject("data").getString("direction")).isEqualTo("in");
        assertThat(message.getJsonObject("data").getJsonObject("message").getString("text"))
                .isEqualTo("<script>alert(1)</script>还是不亮");

        Await.result(conversations.close(id, "agent"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(routing(id).get("status")));
        assertThat(Await.result(acd.agentJson("u-a")).getJsonObject("chats").getInteger("active")).isZero();
    }

    @Test
    void repeatContactGoesToTicketAgent() {
        Await.result(acd.saveProfile(new AgentProfile("u-known", List.of("channel:wechat"), null, null, List.of(), 0)));
        Await.result(acd.setPresence("u-a", "ready", null));
        clock.advance(Duration.ofMinutes(5));
        Await.result(acd.setPresence("u-known", "ready", null));
        TicketDraft draft = new TicketDraft(Channel.WECHAT, TicketType.HELP, "P0118", "路灯不亮", "东四北大街",
                null, List.of(), null, Map.of(), false);
        String number = Await.result(core.context().intake().submit(draft, "test", null)).ticket().number();
        Await.result(acd.store().rememberTicketAgent("CIT-1", number, "u-known"));

        String id = citizenWrites("oCITIZEN3", "路灯还是不亮", 4);

        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("agent", "u-known");
        assertThat(routing(id).get("reasons")).contains("repeat_open_ticket");
    }

    @Test
    void eventBusAddressesReply() {
        Await.result(acd.setPresence("u-a", "ready", null));

        JsonObject owner = request("acd.agent-for-interface", new JsonObject().put("interface", "PJSIP/1001"));
        JsonObject nobody = request("acd.agent-for-interface", new JsonObject().put("interface", "PJSIP/9999"));
        JsonArray agents = request("acd.agents", new JsonObject()).getJsonArray("agents");
        JsonArray queues = request("acd.queue-stats", new JsonObject()).getJsonArray("queues");

        assertThat(owner.getString("userId")).isEqualTo("u-a");
        assertThat(nobody.containsKey("userId")).isTrue();
        assertThat(nobody.getString("userId")).isNull();
        assertThat(agents).hasSize(1);
        assertThat(agents.getJsonObject(0).getString("state")).isEqualTo("ready");
        assertThat(queues).hasSize(1);
        JsonObject stats = queues.getJsonObject(0);
        assertThat(stats.getString("queue")).isEqualTo("wechat");
        assertThat(stats.getString("kind")).isEqualTo("chat");
        assertThat(stats.getJsonObject("chat").getLong("waiting")).isZero();
        assertThat(stats.getJsonObject("agents").getInteger("ready")).isEqualTo(1);
    }

    @Test
    void memberStatusDrivesVoiceStates() {
        Await.result(acd.setPresence("u-a", "ready", null));
        var bus = core.vertx().eventBus();

        bus.send("voice.member-status", new JsonObject().put("interface", "PJSIP/1001").put("status", "ringing")
                .put("paused", false).put("linkedid", "1733278507.12").put("ringing", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> "ringing".equals(state().getString("state")));
        bus.send("voice.member-status", new JsonObject().put("interface", "PJSIP/1001").put("status", "in_use")
                .put("paused", false).put("linkedid", "1733278507.12").put("ringing", false));
        await().atMost(Duration.ofSeconds(10)).until(() -> "busy".equals(state().getString("state")));
        bus.send("voice.member-status", new JsonObject().put("interface", "PJSIP/1001").put("status", "not_in_use")
                .put("paused", false).putNull("linkedid").put("ringing", false));
        await().atMost(Duration.ofSeconds(10)).until(() -> "wrap_up".equals(state().getString("state")));

        JsonObject wrapUp = state();
        assertThat(wrapUp.getString("wrapUpEndsAt")).isEqualTo("2026-12-04T02:00:30Z");
        assertThat(wrapUp.getJsonObject("voice").getString("call")).isNull();
    }

    private JsonObject state() {
        return Await.result(acd.agentJson("u-a"));
    }

    @Test
    void presenceChangesReachTheVoiceModule() {
        List<JsonObject> requests = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> voice = core.vertx().eventBus().localConsumer("voice.member", message -> {
            requests.add(message.body());
            message.reply(new JsonObject().put("ok", true));
        });
        try {
            Await.result(acd.setPresence("u-a", "ready", null));
            Await.result(acd.setPresence("u-a", "not_ready", "lunch"));
            JsonObject out = Await.result(acd.setPresence("u-a", "logged_out", null));

            assertThat(requests).extracting(r -> r.getString("action")).containsExactly("add", "pause", "remove");
            assertThat(requests.get(0).getString("interface")).isEqualTo("PJSIP/1001");
            assertThat(requests.get(0).getJsonArray("queues")).containsExactly("96010-general");
            assertThat(requests.get(1).getString("reason")).isEqualTo("lunch");
            assertThat(out.getJsonObject("voice").getBoolean("available")).isTrue();
        } finally {
            Await.result(voice.unregister());
        }
    }

    @Test
    void newMemberInterfaceMovesTheMembership() {
        List<JsonObject> requests = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> voice = core.vertx().eventBus().localConsumer("voice.member", message -> {
            requests.add(message.body());
            message.reply(new JsonObject().put("ok", true));
        });
        try {
            Await.result(acd.setPresence("u-a", "not_ready", "lunch"));
            requests.clear();

            Await.result(acd.saveProfile(new AgentProfile("u-a", List.of("channel:wechat"), null, "PJSIP/1002",
                    List.of("96010-general"), 1)));

            assertThat(requests).extracting(r -> r.getString("action")).containsExactly("remove", "add", "pause");
            assertThat(requests.get(0).getString("interface")).isEqualTo("PJSIP/1001");
            assertThat(requests.get(1).getString("interface")).isEqualTo("PJSIP/1002");
            assertThat(requests.get(2).getString("reason")).isEqualTo("lunch");
            assertThat(request("acd.agent-for-interface", new JsonObject().put("interface", "PJSIP/1002"))
                    .getString("userId")).isEqualTo("u-a");
        } finally {
            Await.result(voice.unregister());
        }
    }

    @Test
    void offerTimerFiresAfterRestart() {
        Await.result(acd.setPresence("u-a", "ready", null));
        String id = citizenWrites("oCITIZEN2", "井盖松动", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(routing(id).get("status")));

        Await.result(module.stop());
        clock.advance(Duration.ofSeconds(25));
        module = startModule("");

        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(routing(id).get("status")));
        assertThat(routing(id)).containsEntry("declined", "u-a");
        assertThat(state().getString("reason")).isEqualTo("missed_offer");
    }

    @Test
    void notReadyReasonsAreConfigurable() {
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml("""
                agent:
                  not-ready-reasons:
                    - {code: outbound, zh: 外呼回访, en: Outbound call}
                    - lunch
                    - {code: missed_offer, zh: 错过, en: Missed}
                    - {code: Bad Code, zh: 坏, en: Bad}
                """), "test", Map.of(), AcdOptions.envOverrides()));

        AcdOptions options = AcdOptions.read(reader);

        assertThat(options.notReadyReasons()).extracting(AcdOptions.Reason::code).containsExactly("outbound", "lunch");
        assertThat(options.notReadyReasons().get(0).label(java.util.Locale.ENGLISH)).isEqualTo("Outbound call");
        assertThat(options.notReadyReasons().get(1).label(java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("午餐");
        assertThat(reader.problems()).hasSize(2);
    }
}
