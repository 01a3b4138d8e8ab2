package io.yikou.channels.voice.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.channels.voice.live.LiveMember;
import io.yikou.channels.voice.live.LiveQueue;
import io.yikou.channels.voice.live.MemberStatus;
import io.yikou.channels.voice.live.PauseRecord;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiReplay;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.Chunking;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays the recorded Asterisk scenarios over real TCP sockets into the AMI client, the live model
 * and the voice contacts in a real Redis, and checks both against what happened on the real Asterisk
 * (the transcripts and their queue_log).
 */
class AmiReplayIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final Set<String> INBOUND = Set.of("citizen", "from-trunk");

    private FakeAmiServer fake;
    private VoiceHarness voice;

    private VoiceHarness start(AmiScript... scripts) {
        return start(AmiOptions.builder(), scripts);
    }

    private VoiceHarness start(AmiOptions.Builder options, AmiScript... scripts) {
        if (fake == null) {
            fake = new FakeAmiServer(VoiceHarness.SECRET).start();
            fake.listResponder("QueueStatus", Scripts.hotlineQueueStatusResponder());
        }
        for (AmiScript script : scripts) {
            fake.enqueue(script);
        }
        voice = new VoiceHarness(redis.url(), fake.port(), INBOUND, Clock.systemUTC(),
                options.reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(400)));
        voice.flushRedis();
        return voice.start();
    }

    @AfterEach
    void stop() {
        if (voice != null) {
            voice.close();
            voice = null;
        }
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }

    private Contact onlyEndedContact() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !voice.storedContacts().isEmpty()
                && voice.storedContacts().stream().allMatch(c -> c.state() == ContactState.ENDED)
                && voice.contacts().callsInProgress() == 0);
        List<Contact> contacts = voice.storedContacts();
        assertThat(contacts).hasSize(1);
        return contacts.get(0);
    }

    private void awaitScriptPlayed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.connections().stream().anyMatch(c -> c.scriptDone())
                && voice.client().state() == AmiClient.State.CONNECTED);
    }

    private static LiveMember member(LiveQueue queue, String memberInterface) {
        return queue.members().stream().filter(m -> m.memberInterface().equals(memberInterface)).findFirst()
                .orElseThrow(() -> new AssertionError("no member " + memberInterface + " in " + queue.name()));
    }

    @Test
    void ivrCallAnsweredBecomesAnsweredContact() {
        start(AmiScript.of(Scripts.ami("s1-ivr-queue-answered").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.channel()).isEqualTo(Channel.VOICE);
        assertThat(contact.externalId()).isEqualTo("1796416099.0");
        assertThat(contact.account()).isEqualTo("96010");
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NUMBER, "13800138000")
                .containsEntry(VoiceDetails.CALLER_NAME, "张三")
                .containsEntry(VoiceDetails.DIALLED_NUMBER, "96010")
                .containsEntry(VoiceDetails.IVR, true)
                .containsEntry(VoiceDetails.QUEUE, "hotline")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 2)
                .containsEntry(VoiceDetails.AGENT_INTERFACE, "Local/1001@agents/n")
                .containsEntry(VoiceDetails.AGENT_NAME, "张伟")
                .containsEntry(VoiceDetails.TALK_SECONDS, 5)
                .containsEntry(VoiceDetails.END_REASON, "caller")
                .containsEntry(VoiceDetails.OUTCOME, "answered");
        assertThat(contact.citizenId()).isNotNull();
        assertThat(voice.streamTypes()).filteredOn("contact.created"::equals).hasSize(1);

        assertThat(voice.model().calls()).isEmpty();
        LiveQueue hotline = voice.model().findQueue("hotline").orElseThrow();
        assertThat(hotline.waiting()).isEmpty();
        assertThat(member(hotline, "Local/1001@agents/n").status()).isEqualTo(MemberStatus.NOT_IN_USE);
        assertThat(member(hotline, "Local/1001@agents/n").currentCall()).isNull();
        assertThat(member(hotline, "Local/1002@agents/n").name()).isEqualTo("李娜");
        // The recording driver's own actions (Command, CoreSettings, Originate...) got responses the client never asked for.
        assertThat(voice.client().connection().unmatchedResponses()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void abandonWithPausedAgentsKeepsWaitAndPauses() {
        start(AmiScript.of(Scripts.ami("s2a-abandon-agents-paused").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "李四")
                .containsEntry(VoiceDetails.DIALLED_NUMBER, "96011")
                .containsEntry(VoiceDetails.QUEUE, "hotline")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 6)
                .containsEntry(VoiceDetails.OUTCOME, "abandoned")
                .doesNotContainKey(VoiceDetails.AGENT_INTERFACE);

        LiveQueue hotline = voice.model().findQueue("hotline").orElseThrow();
        assertThat(hotline.waiting()).isEmpty();
        assertThat(member(hotline, "Local/1001@agents/n").paused()).isFalse();
        assertThat(member(hotline, "Local/1001@agents/n").pausedReason()).isNull();
        assertThat(voice.model().pauseHistory()).extracting(PauseRecord::reason).containsExactly("午休", "培训");
    }

    @Test
    void abandonWhileRingingCountsWholeWait() {
        start(AmiScript.of(Scripts.ami("s2b-abandon-while-ringing").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "陈明")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 14)
                .containsEntry(VoiceDetails.OUTCOME, "abandoned");
        LiveQueue hotline = voice.model().findQueue("hotline").orElseThrow();
        assertThat(hotline.members()).extracting(LiveMember::memberInterface).doesNotContain("Local/1009@agents/n");
        assertThat(voice.model().pauseHistory()).extracting(PauseRecord::reason).containsExactly("会议", "会议");
    }

    @Test
    void redirectedCallCountsTalkAfterRedirect() {
        start(AmiScript.of(Scripts.ami("s5a-redirect-answered-call").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "孙七")
                .containsEntry(VoiceDetails.AGENT_NAME, "张伟")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 2)
                .containsEntry(VoiceDetails.TALK_SECONDS, 8)
                .containsEntry(VoiceDetails.OUTCOME, "answered");
    }

    @Test
    void blindTransferRecordsTarget() {
        start(AmiScript.of(Scripts.ami("s5b-blind-transfer-answered-call").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "周八")
                .containsEntry(VoiceDetails.AGENT_INTERFACE, "Local/1002@agents/n")
                .containsEntry(VoiceDetails.AGENT_NAME, "李娜")
                .containsEntry(VoiceDetails.TALK_SECONDS, 3)
                .containsEntry(VoiceDetails.TRANSFER_TARGET, "citizen,8000")
                .containsEntry(VoiceDetails.END_REASON, "transfer")
                .containsEntry(VoiceDetails.OUTCOME, "answered");
    }

    @Test
    void sipCallAnsweredByPjsipAgent() {
        start(AmiScript.of(Scripts.ami("s7-sip-ivr-queue-answered").connection(0)).expecting("QueueStatus"));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.externalId()).isEqualTo("1796416215.30");
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NUMBER, "13800138000")
                .containsEntry(VoiceDetails.CALLER_NAME, "张三")
                .containsEntry(VoiceDetails.DIALLED_NUMBER, "96010")
                .containsEntry(VoiceDetails.QUEUE, "sipline")
                .containsEntry(VoiceDetails.AGENT_INTERFACE, "PJSIP/1001")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 2)
                .containsEntry(VoiceDetails.TALK_SECONDS, 10)
                .containsEntry(VoiceDetails.OUTCOME, "answered");
        LiveQueue sipline = voice.model().findQueue("sipline").orElseThrow();
        assertThat(sipline.members()).extracting(LiveMember::memberInterface).containsExactly("PJSIP/1001", "PJSIP/1002");
        assertThat(member(sipline, "PJSIP/1001").status()).isEqualTo(MemberStatus.NOT_IN_USE);
        // A screen pop that started while the call rang may ask after the hang-up.
        assertThat(voice.contacts().contactOf("1796416215.30").toCompletionStage().toCompletableFuture().join())
                .map(Contact::id).contains(contact.id());
    }

    @Test
    void bytesOneAtATimeGiveSameContact() {
        fake = new FakeAmiServer(VoiceHarness.SECRET).start().chunking(Chunking.byteByByte());
        start(AmiScript.of(Scripts.ami("s5a-redirect-answered-call").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "孙七")
                .containsEntry(VoiceDetails.TALK_SECONDS, 8)
                .containsEntry(VoiceDetails.OUTCOME, "answered");
    }

    @Test
    void awkwardSplitsGiveSameContact() {
        fake = new FakeAmiServer(VoiceHarness.SECRET).start().chunking(Chunking.awkward(11));
        start(AmiScript.of(Scripts.ami("s1-ivr-queue-answered").connection(0)));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "张三")
                .containsEntry(VoiceDetails.AGENT_NAME, "张伟")
                .containsEntry(VoiceDetails.OUTCOME, "answered");
    }

    @Test
    void droppedMidCallResynchronisesWithoutPhantoms() {
        AmiScript s1 = AmiScript.of(Scripts.ami("s1-ivr-queue-answered").connection(0));
        int joined = s1.indexOf("Event: QueueCallerJoin", 0);
        int resume = s1.indexOf("Event: BridgeEnter", s1.indexOf("Event: AgentConnect", joined));
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.listResponder("QueueStatus", Scripts.hotlineQueueStatusResponder());
        // While disconnected the caller left the queue and the agent answered: CoreShowChannels says so.
        List<String> channelsAtResume = AmiReplay.channelsAt(s1.items(), resume);
        fake.listResponder("CoreShowChannels", action -> fake.connections().size() > 1 ? channelsAtResume : List.of());
        start(s1.cutAt(joined + 1), s1.resumeFrom(resume));

        await().atMost(Duration.ofSeconds(20)).until(() -> voice.client().sessions() == 2
                && fake.connections().get(1).scriptDone());
        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "张三")
                .containsEntry(VoiceDetails.AGENT_INTERFACE, "Local/1001@agents/n")
                .containsEntry(VoiceDetails.WAIT_SECONDS, 2)
                .containsEntry(VoiceDetails.TALK_SECONDS, 5)
                .containsEntry(VoiceDetails.OUTCOME, "answered");
        assertThat(voice.streamTypes()).filteredOn("contact.created"::equals).hasSize(1);
        assertThat(voice.model().calls()).isEmpty();
        assertThat(voice.model().findQueue("hotline").orElseThrow().waiting()).isEmpty();
    }

    @Test
    void asteriskRestartRebuildsQueueAndEndsWaitingCall() {
        AmiScript s2a = AmiScript.of(Scripts.ami("s2a-abandon-agents-paused").connection(0));
        int joined = s2a.indexOf("Event: QueueCallerJoin", 0);
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.listResponder("QueueStatus", Scripts.hotlineQueueStatusResponder());
        start(s2a.until(joined + 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> voice.model().findQueue("hotline")
                .map(q -> q.waiting().size() == 1).orElse(false));

        // Asterisk comes back with a new start time, its queue members idle and nobody waiting.
        fake.startupTime("20:40:00");
        fake.enqueue(Scripts.afterLogin());
        fake.dropConnections();
        await().atMost(Duration.ofSeconds(20)).until(() -> voice.client().sessions() == 2
                && voice.client().state() == AmiClient.State.CONNECTED);

        Contact contact = onlyEndedContact();
        assertThat(contact.details())
                .containsEntry(VoiceDetails.CALLER_NAME, "李四")
                .containsEntry(VoiceDetails.END_REASON, "interrupted")
                .containsEntry(VoiceDetails.OUTCOME, "interrupted");
        LiveQueue hotline = voice.model().findQueue("hotline").orElseThrow();
        assertThat(hotline.waiting()).isEmpty();
        assertThat(hotline.members()).hasSize(2);
        assertThat(hotline.members()).allMatch(m -> m.status() == MemberStatus.NOT_IN_USE && !m.paused());
        assertThat(voice.model().calls()).isEmpty();
    }

    @Test
    void pingNeverPrecedesLogin() {
        fake = new FakeAmiServer(VoiceHarness.SECRET).start().loginDelay(300);
        start(AmiOptions.builder().keepAliveInterval(Duration.ofMillis(100)), Scripts.afterLogin());
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.connections().get(0).actions().stream()
                .filter(a -> "Ping".equals(a.get("Action"))).count() >= 2);

        List<String> actions = fake.connections().get(0).actions().stream().map(a -> a.get("Action")).toList();
        assertThat(actions.subList(0, 2)).containsExactly("Challenge", "Login");
        assertThat(actions.indexOf("Ping")).isGreaterThan(actions.indexOf("Login"));
        assertThat(voice.client().state()).isEqualTo(AmiClient.State.CONNECTED);
    }

    @Test
    void permissionDeniedLeadsToNewLogin() {
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        start(AmiOptions.builder().keepAliveInterval(Duration.ofMillis(100)), Scripts.afterLogin(), Scripts.afterLogin());
        await().atMost(Duration.ofSeconds(10)).until(() -> voice.client().state() == AmiClient.State.CONNECTED);

        fake.connections().get(0).revokeLogin();
        await().atMost(Duration.ofSeconds(10)).until(() -> voice.client().sessions() == 2
                && voice.client().state() == AmiClient.State.CONNECTED);
        assertThat(fake.connections().get(0).isClosed()).isTrue();
        assertThat(fake.connections()).hasSize(2);
    }

    @Test
    void rejectedLoginIsReportedWithoutSecret() {
        fake = new FakeAmiServer("another-secret").start();
        start(Scripts.afterLogin());
        await().atMost(Duration.ofSeconds(10)).until(() -> voice.client().state() == AmiClient.State.LOGIN_REJECTED);

        assertThat(voice.client().lastError()).contains("Authentication failed").contains("as yikou")
                .doesNotContain(VoiceHarness.SECRET);
        assertThat(voice.client().options().toString()).doesNotContain(VoiceHarness.SECRET);
        assertThat(fake.connections()).hasSize(1);
    }

    @Test
    void oversizePacketKeepsSessionAndBadBytesStayUnknown() {
        String huge = "Event: VarSet\r\nChannel: PJSIP/trunk96010-00000009\r\nValue: " + "x".repeat(300_000) + "\r\n";
        byte[] gbkName = ("Event: Newchannel\r\nChannel: PJSIP/trunk96010-00000009\r\nChannelState: 6\r\n"
                + "ChannelStateDesc: Up\r\nCallerIDNum: 01088888888\r\nCallerIDName: ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\nContext: from-trunk\r\nExten: 96010\r\nUniqueid: 1700000300.1\r\nLinkedid: 1700000300.1\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] packet = new byte[gbkName.length + 4 + tail.length];
        System.arraycopy(gbkName, 0, packet, 0, gbkName.length);
        System.arraycopy(new byte[] {(byte) 0xd5, (byte) 0xc5, (byte) 0xc8, (byte) 0xfd}, 0, packet, gbkName.length, 4);
        System.arraycopy(tail, 0, packet, gbkName.length + 4, tail.length);
        AmiScript script = Scripts.afterLogin(huge, "Event: FrobnicateStart\r\nWidget: 7\r\n",
                "Response: Success\r\nActionID: nobody-1\r\nMessage: stray\r\n");
        java.util.List<io.yikou.testkit.asterisk.Transcript.Item> items = new java.util.ArrayList<>(script.items());
        items.add(Scripts.received(packet));
        items.add(Scripts.received("Event: Hangup\r\nChannel: PJSIP/trunk96010-00000009\r\nUniqueid: 1700000300.1\r\n"
                + "Linkedid: 1700000300.1\r\nCause: 16\r\n"));
        start(new AmiScript(items, script.clientActions(), false));
        awaitScriptPlayed();

        Contact contact = onlyEndedContact();
        assertThat(contact.details()).containsEntry(VoiceDetails.CALLER_NUMBER, "01088888888")
                .doesNotContainKey(VoiceDetails.CALLER_NAME);
        assertThat(voice.client().connection().oversizePackets()).isEqualTo(1);
        assertThat(voice.client().connection().unmatchedResponses()).isGreaterThanOrEqualTo(1);
        assertThat(voice.client().state()).isEqualTo(AmiClient.State.CONNECTED);
        assertThat(voice.model().unknownEvents()).containsEntry("FrobnicateStart", 1L);
    }
}
