package io.yikou.channels.voice.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.VoiceModule;
import io.yikou.channels.voice.VoiceOptions;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditQuery;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.live.AcdClient;
import io.yikou.core.live.ScreenPops;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiReplay;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.Transcript;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The voice module's desk side against a replayed Asterisk: the recorded SIP call (s7) rings
 * PJSIP/1001 in queue {@code sipline}, which this test maps to an agent by answering
 * {@code acd.agent-for-interface}; the agent must get a screen pop through Redis.
 */
class VoiceDeskIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final String LINKEDID = "1796416215.30";
    private static final String AGENT = "u-agent-1001";

    private CoreServices core;
    private FakeAmiServer fake;
    private VoiceModule module;
    private StatefulRedisPubSubConnection<String, String> pushes;
    private final List<PushEvent> pushed = new CopyOnWriteArrayList<>();
    private final List<JsonObject> memberStatus = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer<JsonObject>> consumers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redis.url());
        core.flushAll();
        pushes = core.redis().pubSub("test pushes");
        pushes.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                pushed.add(PushEvent.fromJson(new JsonObject(message)));
            }
        });
        pushes.sync().subscribe(PushPublisher.CHANNEL);
        var bus = core.vertx().eventBus();
        consumers.add(bus.consumer(AcdClient.AGENT_FOR_INTERFACE, message -> message.reply(new JsonObject()
                .put("userId", "PJSIP/1001".equals(message.body().getString("interface")) ? AGENT : null))));
        consumers.add(bus.consumer(VoiceDesk.MEMBER_STATUS, message -> memberStatus.add(message.body())));

        Transcript sip = Scripts.ami("s7-sip-ivr-queue-answered");
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.listResponder("QueueStatus", action -> AmiReplay.recordedList(sip.connection(0), "A-74"));
        // The action session logs in first, then the event session once the lease is taken.
        fake.enqueue(AmiScript.of(Scripts.ami("s3-member-admin-status").connection(0)).expecting("QueueAdd"));
        fake.enqueue(AmiScript.of(sip.connection(0)));
        String yaml = """
                voice:
                  enabled: true
                  asterisk-id: test-pbx
                  inbound-contexts: [citizen, from-trunk]
                  ami:
                    port: %d
                    secret: %s
                    lease-ttl: 2s
                  agi:
                    port: 0
                """.formatted(fake.port(), VoiceHarness.SECRET);
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", Map.of(),
                VoiceOptions.envOverrides()));
        VoiceOptions options = VoiceOptions.read(reader);
        assertThat(reader.problems()).isEmpty();
        module = new VoiceModule(core.context(), options, io.yikou.channels.voice.ivr.IvrRunner.none());
        module.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        consumers.forEach(MessageConsumer::unregister);
        // Without the recordings the setup is skipped before the module and the fake server exist.
        if (module != null) {
            module.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (fake != null) {
            fake.close();
        }
        core.close();
    }

    private PushEvent screenPop() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pushed.stream().anyMatch(e -> e.event().equals("call.screen-pop")));
        return pushed.stream().filter(e -> e.event().equals("call.screen-pop")).findFirst().orElseThrow();
    }

    @Test
    void ringingSipCallPopsMappedAgent() {
        PushEvent pop = screenPop();

        assertThat(pop.topic()).isEqualTo("agent");
        assertThat(pop.userId()).isEqualTo(AGENT);
        assertThat(pop.data().getString("linkedid")).isEqualTo(LINKEDID);
        assertThat(pop.data().getString("queue")).isEqualTo("sipline");
        assertThat(pop.data().getString("callerNumber")).isEqualTo("13800138000");
        assertThat(pop.data().getString("callerNumberMasked")).isEqualTo("138****8000");
        assertThat(pop.data().getString("contactId")).startsWith("C-");
    }

    @Test
    void screenPopWithoutHistorySearchIsUnavailable() {
        JsonObject history = screenPop().data().getJsonObject("history");

        assertThat(history.getBoolean("available")).isFalse();
    }

    @Test
    void screenPopListsHistoryAndOpenTickets() {
        consumers.add(core.vertx().eventBus().consumer(ScreenPopBuilder.HISTORY_SEARCH, message -> message.reply(
                new JsonObject().put("total", 2).put("tickets", new JsonArray()
                        .add(new JsonObject().put("number", "96010-20261120-000031").put("status", "dispatched")
                                .put("type", "complaint").put("category", "road").put("createdAt", "2026-11-20T01:00:00Z")
                                .put("description", "路灯坏了"))
                        .add(new JsonObject().put("number", "96010-20261001-000007").put("status", "closed")
                                .put("type", "inquiry").put("category", "water").put("createdAt", "2026-10-01T01:00:00Z")
                                .put("description", "停水"))))));

        JsonObject data = screenPop().data();

        assertThat(data.getJsonObject("history").getLong("total")).isEqualTo(2);
        assertThat(data.getJsonArray("openTickets")).containsExactly("96010-20261120-000031");
    }

    @Test
    void screenPopIsStoredForTheAgent() {
        screenPop();

        ScreenPops.Stored stored = Await.result(new ScreenPops(core.redis()).find(LINKEDID)).orElseThrow();

        assertThat(stored.agents()).containsExactly(AGENT);
    }

    @Test
    void screenPopIsAuditedWithMaskedNumber() {
        screenPop();

        List<AuditEntry> entries = Await.result(core.context().audit().query(
                new AuditQuery(AuditActions.CITIZEN_HISTORY_READ, null, null, null, null, 10))).entries();

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.actorId()).isEqualTo(AGENT);
            assertThat(entry.detail()).contains("138****8000").doesNotContain("13800138000");
        });
    }

    @Test
    void memberStatusReportsRinging() {
        await().atMost(Duration.ofSeconds(20)).until(() -> memberStatus.stream()
                .anyMatch(m -> "PJSIP/1001".equals(m.getString("interface")) && m.getBoolean("ringing")));

        JsonObject ringing = memberStatus.stream()
                .filter(m -> "PJSIP/1001".equals(m.getString("interface")) && m.getBoolean("ringing")).findFirst().orElseThrow();

        assertThat(ringing.getString("linkedid")).isEqualTo(LINKEDID);
    }

    @Test
    void memberStatusReportsConnectedCall() {
        await().atMost(Duration.ofSeconds(20)).until(() -> memberStatus.stream()
                .anyMatch(m -> "PJSIP/1001".equals(m.getString("interface")) && m.getBoolean("inCall")));
    }

    @Test
    void unknownMemberActionFails() {
        Throwable failure = Await.failure(core.vertx().eventBus().request(VoiceDesk.MEMBER,
                new JsonObject().put("action", "dance").put("interface", "PJSIP/1001").put("queues", new JsonArray())));

        assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
    }

    @Test
    void memberAddGoesThroughActionSession() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.connections().isEmpty());

        JsonObject reply = (JsonObject) Await.result(core.vertx().eventBus().request(VoiceDesk.MEMBER,
                new JsonObject().put("action", "add").put("interface", "Local/1003@agents/n")
                        .put("queues", new JsonArray().add("hotline")))).body();

        assertThat(reply.getBoolean("ok")).isTrue();
    }

    @Test
    void queueStatsCountTheAnsweredCall() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pushed.stream().anyMatch(e -> e.event().equals("call.screen-pop")));
        await().atMost(Duration.ofSeconds(20)).until(() -> sipline().getInteger("answered") == 1);

        assertThat(sipline().getInteger("answeredWithinTarget")).isEqualTo(1);
    }

    private JsonObject sipline() {
        Instant now = core.context().clock().instant();
        JsonObject reply = (JsonObject) Await.result(core.vertx().eventBus().request(VoiceDesk.QUEUE_STATS,
                new JsonObject().put("from", now.minusSeconds(3600).toString()).put("to", now.plusSeconds(60).toString())
                        .put("defaultTarget", 15))).body();
        return reply.getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(q -> "sipline".equals(q.getString("queue"))).findFirst().orElse(new JsonObject().put("answered", 0));
    }
}
