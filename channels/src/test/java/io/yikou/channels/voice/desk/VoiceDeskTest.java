package io.yikou.channels.voice.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.live.LiveMember;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code voice.member-status} body built from the live model. */
class VoiceDeskTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1700000400));
    private final LiveModel model = new LiveModel(Set.of("from-trunk"), clock);

    private static AmiMessage pause(String paused, String reason) {
        return AmiMessage.of("Event", "QueueMemberPause", "Queue", "96010-zixun", "MemberName", "8001",
                "Interface", "PJSIP/8001", "StateInterface", "PJSIP/8001", "Membership", "dynamic", "Penalty", "0",
                "CallsTaken", "0", "LastCall", "0", "LastPause", "1700000400", "InCall", "0", "Status", "1",
                "Paused", paused, "PausedReason", reason);
    }

    private JsonObject status() {
        LiveMember member = model.agent("PJSIP/8001").get(0);
        return VoiceDesk.memberStatus("96010-zixun", "PJSIP/8001", member);
    }

    @Test
    void pausedMemberCarriesReason() {
        model.apply(pause("1", "小休"));

        assertThat(status().getBoolean("paused")).isTrue();
        assertThat(status().getString("pausedReason")).isEqualTo("小休");
    }

    @Test
    void unpauseClearsReason() {
        model.apply(pause("1", "小休"));
        clock.advance(Duration.ofSeconds(300));
        model.apply(pause("0", ""));

        assertThat(status().getBoolean("paused")).isFalse();
        assertThat(status().getString("pausedReason")).isNull();
        assertThat(status().getString("status")).isEqualTo("not_in_use");
    }

    @Test
    void calledMemberIsRinging() {
        model.apply(pause("0", ""));
        model.apply(AmiMessage.of("Event", "AgentCalled", "Queue", "96010-zixun", "Interface", "PJSIP/8001",
                "MemberName", "8001", "Linkedid", "1700000401.5"));

        assertThat(status().getBoolean("ringing")).isTrue();
        assertThat(status().getString("linkedid")).isEqualTo("1700000401.5");
    }

    @Test
    void connectedMemberIsNotRinging() {
        model.apply(pause("0", ""));
        model.apply(AmiMessage.of("Event", "AgentCalled", "Queue", "96010-zixun", "Interface", "PJSIP/8001",
                "MemberName", "8001", "Linkedid", "1700000401.5"));
        model.apply(AmiMessage.of("Event", "AgentConnect", "Queue", "96010-zixun", "Interface", "PJSIP/8001",
                "MemberName", "8001", "Linkedid", "1700000401.5", "HoldTime", "3"));

        assertThat(status().getBoolean("ringing")).isFalse();
        assertThat(status().getBoolean("inCall")).isTrue();
    }

    @Test
    void removedMemberReportsRemoved() {
        assertThat(VoiceDesk.memberStatus("96010-zixun", "PJSIP/8001", null).getString("status")).isEqualTo("removed");
    }
}
