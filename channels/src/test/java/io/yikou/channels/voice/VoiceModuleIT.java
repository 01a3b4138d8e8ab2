package io.yikou.channels.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.yikou.channels.voice.agi.AgiChannel;
import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.channels.voice.ivr.IvrCall;
import io.yikou.channels.voice.ivr.IvrResult;
import io.yikou.channels.voice.ivr.IvrRunner;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAgiClient;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The voice module as the server runs it: configuration, the AMI lease, the event and action
 * sessions against a fake Asterisk, the FastAGI server running a flow, the staff API over HTTP, and
 * one contact per call merging what AMI and the IVR saw.
 */
class VoiceModuleIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    /** Stands in for the flow language: what the recorded main-menu session did. */
    static final class MainMenuRunner implements IvrRunner {
        final List<IvrCall> calls = new ArrayList<>();

        @Override
        public boolean has(String flow) {
            return flow.equals("main-menu");
        }

        @Override
        public IvrResult run(String flow, AgiChannel channel, IvrCall call) {
            calls.add(call);
            channel.answer();
            channel.streamFile("custom/welcome", "");
            String choice = channel.getData("custom/menu", 6000, 1);
            return new IvrResult("transfer", "hotline", 5, "zh", List.of("main-menu/welcome", "main-menu/menu",
                    "main-menu/to-queue"), List.of(choice), false);
        }
    }

    private CoreServices core;
    private FakeAmiServer fake;
    private VoiceModule module;
    private HttpServer http;
    private WebClient web;
    private final MainMenuRunner runner = new MainMenuRunner();

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redis.url());
        core.flushAll();
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.listResponder("QueueStatus", Scripts.hotlineQueueStatusResponder());
        // The action session logs in first, then the event session once the lease is taken.
        fake.enqueue(AmiScript.of(Scripts.ami("s3-member-admin-status").connection(0)).expecting("QueueAdd"));
        fake.enqueue(AmiScript.of(Scripts.ami("s1-ivr-queue-answered").connection(0)));

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
        assertThat(options.ami().toString()).doesNotContain(VoiceHarness.SECRET);

        module = new VoiceModule(core.context(), options, runner);
        Vertx vertx = core.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        module.mount(router);
        router.route().failureHandler(core.context().errors());
        http = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        web = WebClient.create(vertx);
        module.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        // Without the recordings the setup is skipped before the module and its HTTP server exist.
        if (module != null) {
            module.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (http != null) {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        fake.close();
        core.close();
    }

    private HttpResponse<Buffer> call(String method, String path, JsonObject body, boolean authorized) throws Exception {
        var request = web.request(io.vertx.core.http.HttpMethod.valueOf(method), http.actualPort(), "127.0.0.1", path);
        if (authorized) {
            request.putHeader("Authorization", "Bearer " + CoreServices.ADMIN_TOKEN);
        }
        var future = body == null ? request.send() : request.sendJsonObject(body);
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<Contact> contacts() throws Exception {
        Map<String, String> all = core.redis().async().hgetall(RedisKeys.contacts()).get(5, TimeUnit.SECONDS);
        List<Contact> result = new ArrayList<>();
        all.values().forEach(json -> result.add(JsonCodec.read(json, Contact.class)));
        return result;
    }

    @Test
    void callFromAmiAndIvrBecomesOneContact() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> contacts().size() == 1
                && contacts().get(0).state() == ContactState.ENDED);

        FakeAgiClient agi = FakeAgiClient.lenient(Scripts.agi("s1-ivr-main-menu"))
                .answer("GET VARIABLE CHANNEL(linkedid)", "200 result=1 (1796416099.0)")
                .run(module.agiServer().port(), 5000);
        assertThat(agi.serverClosed()).isTrue();
        Contact contact = contacts().get(0);
        assertThat(agi.exchanges()).extracting(FakeAgiClient.Exchange::command).contains(
                "SET VARIABLE YIKOU_CONTACT_ID " + contact.id(), "SET VARIABLE YIKOU_OUTCOME transfer",
                "SET VARIABLE YIKOU_QUEUE hotline", "SET VARIABLE YIKOU_PRIORITY 5", "SET VARIABLE YIKOU_LANGUAGE zh");
        assertThat(runner.calls).hasSize(1);
        assertThat(runner.calls.get(0).contactId()).isEqualTo(contact.id());
        assertThat(runner.calls.get(0).linkedid()).isEqualTo("1796416099.0");

        await().atMost(Duration.ofSeconds(10)).until(() -> contacts().get(0).details().containsKey(VoiceDetails.IVR_FLOW));
        Contact merged = contacts().get(0);
        assertThat(contacts()).hasSize(1);
        assertThat(merged.details())
                .containsEntry(VoiceDetails.IVR_FLOW, "main-menu")
                .containsEntry(VoiceDetails.IVR_CHOICES, List.of("1"))
                .containsEntry(VoiceDetails.IVR_PATH, List.of("main-menu/welcome", "main-menu/menu", "main-menu/to-queue"))
                .containsEntry(VoiceDetails.PRIORITY, 5)
                .containsEntry(VoiceDetails.AGENT_NAME, "张伟")
                .containsEntry(VoiceDetails.OUTCOME, "answered");
    }

    @Test
    void staffApiReportsStatusAndMapsRejections() throws Exception {
        assertThat(VoiceModule.class.getResource(module.openApiResource())).as("OpenAPI fragment").isNotNull();
        assertThat(call("GET", "/api/v1/voice/status", null, false).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/api/v1/voice/status", null, true)
                .bodyAsJsonObject().getString("actionSession").equals("connected"));
        JsonObject status = call("GET", "/api/v1/voice/status", null, true).bodyAsJsonObject();
        assertThat(status.getString("label")).isEqualTo("交换机已连接");
        assertThat(status.getString("leaseHolder")).isEqualTo("test-node");
        assertThat(status.encode()).doesNotContain(VoiceHarness.SECRET);

        JsonObject member = new JsonObject().put("queue", "hotline").put("interface", "Local/1003@agents/n")
                .put("memberName", "王芳").put("stateInterface", "Local/1003@agents").put("penalty", 1);
        HttpResponse<Buffer> added = call("POST", "/api/v1/voice/members", member, true);
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.bodyAsJsonObject().getString("asteriskMessage")).isEqualTo("Added interface to queue");

        HttpResponse<Buffer> duplicate = call("POST", "/api/v1/voice/members", member, true);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        JsonObject error = duplicate.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("voice_action_rejected");
        assertThat(error.getString("message")).isEqualTo("交换机拒绝了操作 QueueAdd：Unable to add interface: Already there");

        HttpResponse<Buffer> injected = call("POST", "/api/v1/voice/members/pause", new JsonObject()
                .put("interface", "Local/1001@agents/n").put("paused", true).put("reason", "小休\r\nAction: Hangup"), true);
        assertThat(injected.statusCode()).isEqualTo(400);
        assertThat(injected.bodyAsJsonObject().getJsonObject("error").getJsonArray("fields").getJsonObject(0)
                .getString("field")).isEqualTo("reason");
        assertThat(fake.connections().get(0).actions()).noneMatch(a -> "QueuePause".equals(a.get("Action")));

        HttpResponse<Buffer> noCall = call("POST", "/api/v1/voice/calls/1700000000.99/hangup", null, true);
        assertThat(noCall.statusCode()).isEqualTo(404);
        assertThat(noCall.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("voice_call_not_found");
        HttpResponse<Buffer> idleAgent = call("POST", "/api/v1/voice/spy", new JsonObject()
                .put("supervisorChannel", "PJSIP/8001").put("agentInterface", "PJSIP/1009").put("mode", "barge"), true);
        assertThat(idleAgent.statusCode()).isEqualTo(409);
        assertThat(idleAgent.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .isEqualTo("坐席 PJSIP/1009 当前不在通话中。");
        HttpResponse<Buffer> badMode = call("POST", "/api/v1/voice/spy", new JsonObject()
                .put("supervisorChannel", "PJSIP/8001").put("agentInterface", "PJSIP/1001").put("mode", "shout"), true);
        assertThat(badMode.statusCode()).isEqualTo(400);

        HttpResponse<Buffer> badInterface = call("POST", "/api/v1/voice/members/remove",
                new JsonObject().put("queue", "hotline").put("interface", "PJSIP/1001 extra"), true);
        assertThat(badInterface.statusCode()).isEqualTo(400);
    }

    @Test
    void agentAttachesTicketToCallContact() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> contacts().size() == 1);
        String contactId = contacts().get(0).id();
        var ticket = core.context().intake().submit(new TicketDraft(io.yikou.core.contact.Channel.VOICE,
                        TicketType.CONSULTATION, null, "市民来电咨询供暖时间", null, null, List.of(), null, Map.of(), false),
                "voice-test", null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String number = ticket.ticket().number();

        HttpResponse<Buffer> attached = call("POST", "/api/v1/voice/contacts/" + contactId + "/tickets",
                new JsonObject().put("ticketNumber", number), true);
        assertThat(attached.statusCode()).isEqualTo(200);
        assertThat(attached.bodyAsJsonObject().getJsonArray("ticketNumbers").getList()).containsExactly(number);
        assertThat(contacts().get(0).ticketNumbers()).containsExactly(number);

        assertThat(call("POST", "/api/v1/voice/contacts/" + contactId + "/tickets",
                new JsonObject().put("ticketNumber", "96010-20991231-999999"), true).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/voice/contacts/C-none/tickets",
                new JsonObject().put("ticketNumber", number), true).statusCode()).isEqualTo(404);
    }

    @Test
    void voicemailBecomesTicketLinkedToContact() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> contacts().size() == 1);
        String contactId = contacts().get(0).id();
        var tickets = new io.yikou.channels.voice.contact.VoicemailTickets(core.context().intake(),
                core.context().contacts(), core.context().clock());
        var first = tickets.submit(contactId, "13800138000", "/var/spool/asterisk/yikou/1796416099.1.wav", 42)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        var repeat = tickets.submit(contactId, "13800138000", "/var/spool/asterisk/yikou/1796416099.1.wav", 42)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(repeat.ticket().number()).isEqualTo(first.ticket().number());
        assertThat(first.ticket().reporter().phone()).isEqualTo("13800138000");
        assertThat(first.ticket().description()).contains("42 秒");
        assertThat(first.ticket().externalIds()).containsEntry("voice.contact", contactId);
        Contact contact = contacts().get(0);
        assertThat(contact.ticketNumbers()).containsExactly(first.ticket().number());
        assertThat(contact.details()).containsEntry(VoiceDetails.VOICEMAIL_TICKET, first.ticket().number());
    }

    @Test
    void liveViewShowsQueuesFromHolder() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", "/api/v1/voice/live", null, true)
                .bodyAsJsonObject().getJsonArray("queues").size() > 0);
        JsonObject live = call("GET", "/api/v1/voice/live", null, true).bodyAsJsonObject();
        JsonObject hotline = live.getJsonArray("queues").getJsonObject(0);
        assertThat(hotline.getString("name")).isEqualTo("hotline");
        assertThat(hotline.getJsonArray("members").getJsonObject(0).getString("name")).isEqualTo("张伟");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                core.redis().async().get(io.yikou.channels.voice.live.LivePublisher.SNAPSHOT_KEY).get() != null);
    }
}
