package io.yikou.channels.voice.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.yikou.channels.voice.agi.AgiServer;
import io.yikou.channels.voice.agi.AgiServerOptions;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.core.contact.Contact;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisKeys;
import io.yikou.ivr.IvrOptions;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.FakeAgiClient;
import io.yikou.testkit.asterisk.Scripts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the shipped 96010 flows over a real FastAGI socket: the flow engine drives the session
 * through {@link AgiTelephony}, and the call's contact gets the path and the caller's choices.
 */
class IvrFlowsIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    /** Monday 2026-12-07 10:00 in Beijing: a working day inside opening hours. */
    private static final Clock MONDAY_MORNING = Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC);

    private CoreServices core;
    private AgiServer server;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redis.url(), "", Map.of(), MONDAY_MORNING);
        core.flushAll();
        VoiceContacts contacts = new VoiceContacts(core.context().contacts(), core.context().citizens(), "pbx1",
                MONDAY_MORNING);
        IvrRunner runner = IvrRunners.load(IvrOptions.defaults(), core.context(), contacts);
        FlowAgiScript flows = new FlowAgiScript(runner, contacts);
        server = new AgiServer(core.vertx(), AgiServerOptions.defaults().withPort(0), flows::forFlow);
        server.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        core.close();
    }

    private List<Contact> contacts() throws Exception {
        List<Contact> result = new ArrayList<>();
        core.redis().async().hgetall(RedisKeys.contacts()).get(5, TimeUnit.SECONDS).values()
                .forEach(json -> result.add(JsonCodec.read(json, Contact.class)));
        return result;
    }

    @Test
    void mainMenuChoiceOneQueuesCaller() throws Exception {
        // Digits: 1 for Mandarin in the language menu, then 1 (report a problem) in the main menu.
        FakeAgiClient agi = FakeAgiClient.lenient(Scripts.agi("s1-ivr-main-menu"))
                .answer("GET VARIABLE CHANNEL(linkedid)", "200 result=1 (1796416099.0)")
                .answer("STREAM FILE", "200 result=0 endpos=8000", "200 result=0 endpos=8000",
                        "200 result=49 endpos=4000", "200 result=49 endpos=4000")
                .run(server.port(), 5000);

        assertThat(agi.serverClosed()).isTrue();
        List<String> commands = agi.exchanges().stream().map(FakeAgiClient.Exchange::command).toList();
        assertThat(commands).anyMatch(c -> c.startsWith("STREAM FILE yikou/zh-CN/welcome"));
        assertThat(commands).contains("SET VARIABLE YIKOU_QUEUE hotline");
        await().atMost(Duration.ofSeconds(10)).until(() -> !contacts().isEmpty()
                && contacts().get(0).details().containsKey(VoiceDetails.IVR_FLOW));
        Contact contact = contacts().get(0);
        assertThat(commands).anyMatch(c -> c.startsWith("SET VARIABLE YIKOU_CONTACT_ID") && c.contains(contact.id()));
        assertThat(contact.externalId()).isEqualTo("1796416099.0");
        assertThat(contact.details())
                .containsEntry(VoiceDetails.IVR_FLOW, "main-menu")
                .containsEntry(VoiceDetails.IVR_RESULT, "transfer")
                .containsEntry(VoiceDetails.CALLER_NAME, "张三");
        assertThat(String.valueOf(contact.details().get(VoiceDetails.IVR_CHOICES))).contains("1");
        assertThat((List<?>) contact.details().get(VoiceDetails.IVR_PATH)).isNotEmpty();
    }

    @Test
    void hangupDuringWelcomeKeepsPath() throws Exception {
        FakeAgiClient agi = FakeAgiClient.lenient(Scripts.agi("s1-ivr-main-menu"))
                .answer("GET VARIABLE CHANNEL(linkedid)", "200 result=1 (1796416099.0)")
                .answer("STREAM FILE", "200 result=-1 endpos=16000\nHANGUP")
                .run(server.port(), 5000);

        assertThat(agi.serverClosed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !contacts().isEmpty()
                && contacts().get(0).details().containsKey(VoiceDetails.IVR_FLOW));
        assertThat(contacts().get(0).details()).containsEntry(VoiceDetails.IVR_RESULT, "caller-hung-up");
        assertThat(agi.exchanges().stream().map(FakeAgiClient.Exchange::command))
                .noneMatch(c -> c.startsWith("SET VARIABLE YIKOU_QUEUE"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
    }
}
