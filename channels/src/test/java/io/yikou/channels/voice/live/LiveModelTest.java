package io.yikou.channels.voice.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.channels.voice.ami.AmiMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveModelTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.ofEpochSecond(1700000400);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static AmiMessage pause(String paused, String reason) {
        return AmiMessage.of("Event", "QueueMemberPause", "Queue", "96010-zixun", "MemberName", "8001",
                "Interface", "PJSIP/8001", "StateInterface", "PJSIP/8001", "Membership", "realtime", "Penalty", "0",
                "CallsTaken", "0", "LastCall", "0", "LastPause", "1700000400", "LoginTime", "1700000000", "InCall", "0",
                "Status", "1", "Paused", paused, "PausedReason", reason);
    }

    @Test
    void unpauseClearsReasonAndRecordsPause() {
        ManualClock clock = new ManualClock();
        LiveModel model = new LiveModel(Set.of("from-trunk"), clock);
        model.apply(pause("1", "小休"));
        LiveMember paused = model.agent("PJSIP/8001").get(0);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.pausedReason()).isEqualTo("小休");

        clock.now = clock.now.plusSeconds(300);
        model.apply(pause("0", ""));

        LiveMember available = model.agent("PJSIP/8001").get(0);
        assertThat(available.paused()).isFalse();
        assertThat(available.pausedReason()).isNull();
        assertThat(available.status()).isEqualTo(MemberStatus.NOT_IN_USE);
        assertThat(model.pauseHistory()).hasSize(1);
        PauseRecord record = model.pauseHistory().get(0);
        assertThat(record.reason()).isEqualTo("小休");
        assertThat(record.seconds()).isEqualTo(300);
    }

    @Test
    void memberStatusEventAlsoEndsPause() {
        ManualClock clock = new ManualClock();
        LiveModel model = new LiveModel(Set.of("from-trunk"), clock);
        model.apply(pause("1", "午休"));
        clock.now = clock.now.plusSeconds(60);
        model.apply(AmiMessage.of("Event", "QueueMemberStatus", "Queue", "96010-zixun", "Interface", "PJSIP/8001",
                "MemberName", "8001", "Status", "2", "Paused", "0", "PausedReason", ""));
        assertThat(model.pauseHistory()).extracting(PauseRecord::reason).containsExactly("午休");
        assertThat(model.agent("PJSIP/8001").get(0).status()).isEqualTo(MemberStatus.IN_USE);
    }

    @Test
    void queueMemberNamesAndInterfacesFromStatusList() {
        LiveModel model = new LiveModel(Set.of("from-trunk"), Clock.systemUTC());
        model.synchronize(List.of(
                AmiMessage.of("Event", "QueueParams", "Queue", "96010-zixun", "Strategy", "rrmemory", "Calls", "0",
                        "Completed", "3", "Abandoned", "1"),
                AmiMessage.of("Event", "QueueMember", "Queue", "96010-zixun", "Name", "张伟", "Location", "PJSIP/8001",
                        "Membership", "realtime", "Status", "1", "Paused", "0", "PausedReason", ""),
                AmiMessage.of("Event", "QueueMember", "Queue", "96010-zixun", "Name", "李娜", "Location", "PJSIP/8002",
                        "Membership", "realtime", "Status", "1", "Paused", "0", "PausedReason", "")),
                List.of(), false);
        LiveQueue queue = model.findQueue("96010-zixun").orElseThrow();
        assertThat(queue.members()).extracting(LiveMember::name).containsExactly("张伟", "李娜");
        assertThat(queue.members()).extracting(LiveMember::membership).containsOnly("realtime");
        assertThat(queue.completed()).isEqualTo(3);
        assertThat(queue.waiting()).isEmpty();
    }

    @Test
    void linkedidChangeMovesChannelToOlderCall() {
        LiveModel model = new LiveModel(Set.of("from-trunk"), Clock.systemUTC());
        model.apply(AmiMessage.of("Event", "Newchannel", "Channel", "PJSIP/trunk-00000001", "ChannelStateDesc", "Ring",
                "CallerIDNum", "13800138000", "CallerIDName", "张三", "Context", "from-trunk", "Exten", "96010",
                "Uniqueid", "1.1", "Linkedid", "1.1"));
        model.apply(AmiMessage.of("Event", "Newchannel", "Channel", "PJSIP/1001-00000002", "ChannelStateDesc", "Down",
                "Context", "agents", "Exten", "s", "Uniqueid", "1.2", "Linkedid", "1.2"));
        assertThat(model.calls()).hasSize(2);
        model.apply(AmiMessage.of("Event", "Newstate", "Channel", "PJSIP/1001-00000002", "ChannelStateDesc", "Up",
                "Uniqueid", "1.2", "Linkedid", "1.1"));
        assertThat(model.calls()).hasSize(1);
        assertThat(model.call("1.1").orElseThrow().channels()).extracting(LiveChannel::uniqueid)
                .containsExactly("1.1", "1.2");
        assertThat(model.channelsOfInterface("PJSIP/1001")).extracting(LiveChannel::name)
                .containsExactly("PJSIP/1001-00000002");
    }

    @Test
    void inboundCallStartsOnceEndsOnLastHangup() {
        LiveModel model = new LiveModel(Set.of("from-trunk"), Clock.systemUTC());
        List<LiveChange> changes = new ArrayList<>();
        model.addListener(changes::add);
        model.apply(AmiMessage.of("Event", "Newchannel", "Channel", "PJSIP/trunk-00000001", "ChannelStateDesc", "Ring",
                "CallerIDNum", "01088888888", "CallerIDName", "张三", "Context", "from-trunk", "Exten", "96010",
                "Uniqueid", "2.1", "Linkedid", "2.1"));
        model.apply(AmiMessage.of("Event", "Newstate", "Channel", "PJSIP/trunk-00000001", "ChannelStateDesc", "Up",
                "CallerIDName", "张三", "Uniqueid", "2.1", "Linkedid", "2.1"));
        model.apply(AmiMessage.of("Event", "Newstate", "Channel", "PJSIP/trunk-00000001", "ChannelStateDesc", "Up",
                "Uniqueid", "2.1", "Linkedid", "2.1"));
        model.apply(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/trunk-00000001", "Uniqueid", "2.1",
                "Linkedid", "2.1", "Cause", "16"));
        assertThat(changes).extracting(LiveChange::kind)
                .containsExactly(LiveChange.Kind.CALL_STARTED, LiveChange.Kind.CALL_ENDED);
        LiveCall ended = changes.get(1).call();
        assertThat(ended.callerName()).isEqualTo("张三");
        assertThat(ended.dialledNumber()).isEqualTo("96010");
        assertThat(ended.endedAt()).isNotNull();
        assertThat(model.calls()).isEmpty();
    }

    @Test
    void unknownEventsAreCountedNotFatal() {
        LiveModel model = new LiveModel(Set.of("from-trunk"), Clock.systemUTC());
        model.apply(AmiMessage.of("Event", "BrandNewThing", "Foo", "bar"));
        model.apply(AmiMessage.of("Event", "BrandNewThing", "Foo", "baz"));
        model.apply(AmiMessage.of("Event", "Hangup", "Uniqueid", "no-such-channel"));
        model.apply(AmiMessage.of("Response", "Success"));
        assertThat(model.unknownEvents()).containsEntry("BrandNewThing", 2L);
        assertThat(model.unknownEventSamples()).hasSize(2);
        assertThat(model.unknownEventSamples().get(1)).containsEntry("Foo", "baz");
        assertThat(model.calls()).isEmpty();
    }
}
