package io.yikou.channels.voice.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiException;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.ami.AmiOptions;
import io.yikou.channels.voice.live.LiveMember;
import io.yikou.channels.voice.live.PauseRecord;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends queue member actions the way the recorded session s3 did and checks Asterisk's recorded
 * answers come back as successes or as typed rejections carrying Asterisk's own reason.
 */
class CallControlIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private FakeAmiServer fake;
    private VoiceHarness voice;
    private CallControl calls;

    @BeforeEach
    void start() {
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.enqueue(AmiScript.of(Scripts.ami("s3-member-admin-status").connection(0))
                .expecting("QueueAdd", "QueuePause", "QueueRemove"));
        voice = new VoiceHarness(redis.url(), fake.port(), Set.of("citizen"), Clock.systemUTC(), AmiOptions.builder());
        voice.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> voice.client().state() == AmiClient.State.CONNECTED);
        calls = new CallControl(voice.client(), CallControlOptions.defaults());
    }

    @AfterEach
    void stop() {
        // Without the recordings the setup is skipped before the harness exists.
        if (voice != null) {
            voice.close();
        }
        fake.close();
    }

    private static AmiMessage ok(Future<AmiMessage> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static AmiException.ActionRejected rejected(Future<AmiMessage> future) throws Exception {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AmiException.ActionRejected.class);
            return (AmiException.ActionRejected) e.getCause();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void memberActionsSucceedOrCarryAsteriskReason() throws Exception {
        String wangFang = "Local/1003@agents/n";
        String zhangWei = "Local/1001@agents/n";

        assertThat(ok(calls.addMember("hotline", wangFang, "王芳", "Local/1003@agents", 1, false)).get("Message"))
                .isEqualTo("Added interface to queue");
        AmiException.ActionRejected duplicate = rejected(calls.addMember("hotline", wangFang, "王芳",
                "Local/1003@agents", 1, false));
        assertThat(duplicate.action()).isEqualTo("QueueAdd");
        assertThat(duplicate.asteriskMessage()).isEqualTo("Unable to add interface: Already there");
        assertThat(duplicate.isRetriable()).isFalse();

        assertThat(ok(calls.pause("hotline", wangFang, true, "培训")).get("Message"))
                .isEqualTo("Interface paused successfully");
        assertThat(ok(calls.pause("hotline", wangFang, false, null)).get("Message"))
                .isEqualTo("Interface unpaused successfully");
        ok(calls.pause(null, zhangWei, true, "break"));
        ok(calls.pause(null, zhangWei, false, null));
        assertThat(ok(calls.removeMember("hotline", wangFang)).get("Message")).isEqualTo("Removed interface from queue");
        assertThat(rejected(calls.removeMember("hotline", wangFang)).asteriskMessage())
                .isEqualTo("Unable to remove interface: Not there");
        assertThat(rejected(calls.removeMember("hotline", zhangWei)).asteriskMessage()).isEqualTo("Member not dynamic");
        assertThat(rejected(calls.pause("hotline", "Local/9999@agents/n", true, null)).asteriskMessage())
                .isEqualTo("Interface not found");

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.connections().get(0).scriptDone());
        assertThat(voice.model().findQueue("hotline").orElseThrow().members())
                .extracting(LiveMember::memberInterface).doesNotContain(wangFang);
        assertThat(voice.model().pauseHistory()).extracting(PauseRecord::memberInterface, PauseRecord::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(wangFang, "培训"),
                        org.assertj.core.groups.Tuple.tuple(zhangWei, "break"));

        AmiMessage sentPause = fake.connections().get(0).actions().stream()
                .filter(a -> "QueuePause".equals(a.get("Action")) && "培训".equals(a.get("Reason"))).findFirst().orElseThrow();
        assertThat(sentPause.get("Paused")).isEqualTo("true");
        assertThat(sentPause.get("Queue")).isEqualTo("hotline");
    }

    @Test
    void actionsFailAsRetriableWhileDisconnected() throws Exception {
        fake.dropConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> voice.client().state() != AmiClient.State.CONNECTED);
        try {
            calls.hangup("PJSIP/1001-00000001").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AmiException.NotConnected.class);
            assertThat(((AmiException) e.getCause()).isRetriable()).isTrue();
        }
    }

    @Test
    void spyOriginatesChanSpyToSupervisorPhone() throws Exception {
        calls.spy("PJSIP/8001", "PJSIP/1001-00000001", SpyMode.WHISPER);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.connections().get(0).actions().stream()
                .anyMatch(a -> "Originate".equals(a.get("Action"))));
        AmiMessage originate = fake.connections().get(0).actions().stream()
                .filter(a -> "Originate".equals(a.get("Action"))).findFirst().orElseThrow();
        assertThat(originate.get("Channel")).isEqualTo("PJSIP/8001");
        assertThat(originate.get("Application")).isEqualTo("ChanSpy");
        assertThat(originate.get("Data")).isEqualTo("PJSIP/1001-00000001,uqEdw");
        assertThat(originate.get("Async")).isEqualTo("true");
    }
}
