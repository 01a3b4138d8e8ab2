package io.yikou.channels.voice.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.channels.voice.live.LiveQueue;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceQueueFiguresTest {

    private static final Instant AT = Instant.parse("2026-12-04T02:00:00Z");

    private static Contact answered(String queue, int waitSeconds, Integer talkSeconds) {
        Map<String, Object> details = new HashMap<>();
        details.put(VoiceDetails.QUEUE, queue);
        details.put(VoiceDetails.ANSWERED_AT, AT.toString());
        details.put(VoiceDetails.AGENT_INTERFACE, "PJSIP/1001");
        details.put(VoiceDetails.WAIT_SECONDS, waitSeconds);
        if (talkSeconds != null) {
            details.put(VoiceDetails.TALK_SECONDS, talkSeconds);
        }
        return contact(talkSeconds == null ? ContactState.OPEN : ContactState.ENDED, details);
    }

    private static Contact abandoned(String queue, int waitSeconds) {
        return contact(ContactState.ENDED, Map.of(VoiceDetails.QUEUE, queue, VoiceDetails.WAIT_SECONDS, waitSeconds,
                VoiceDetails.OUTCOME, "abandoned"));
    }

    private static Contact contact(ContactState state, Map<String, Object> details) {
        return new Contact("C-1", Channel.VOICE, "96010", "1.1", null, state, AT, null, "96010", List.of(), details, AT, 1);
    }

    private static JsonObject hotline(List<LiveQueue> live, List<Contact> contacts, int target) {
        return VoiceQueueFigures.compute(live, contacts, Map.of("hotline", target), 15).get("hotline");
    }

    @Test
    void answeredWithinTargetCounts() {
        JsonObject figures = hotline(List.of(), List.of(answered("hotline", 15, 100), answered("hotline", 16, 200)), 15);

        assertThat(figures.getInteger("answered")).isEqualTo(2);
        assertThat(figures.getInteger("answeredWithinTarget")).isEqualTo(1);
    }

    @Test
    void serviceLevelIncludesAbandoned() {
        JsonObject figures = hotline(List.of(), List.of(answered("hotline", 5, 100), answered("hotline", 30, 100),
                abandoned("hotline", 3), abandoned("hotline", 40)), 15);

        assertThat(figures.getDouble("serviceLevel")).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void handleTimeAveragesEndedCalls() {
        JsonObject figures = hotline(List.of(), List.of(answered("hotline", 5, 100), answered("hotline", 5, 201),
                answered("hotline", 5, null)), 15);

        assertThat(figures.getLong("averageHandleSeconds")).isEqualTo(151);
    }

    @Test
    void waitingComesFromLiveQueue() {
        LiveQueue live = new LiveQueue("hotline", "ringall", 0, 0, List.of(
                new LiveQueue.WaitingCaller("1.1", "1.1", 1, null, null, 37),
                new LiveQueue.WaitingCaller("1.2", "1.2", 2, null, null, 12)), List.of());

        JsonObject figures = hotline(List.of(live), List.of(), 15);

        assertThat(figures.getInteger("waiting")).isEqualTo(2);
        assertThat(figures.getLong("longestWaitSeconds")).isEqualTo(37);
        assertThat(figures.getValue("serviceLevel")).isNull();
    }

    @Test
    void queueTargetOverridesDefault() {
        JsonObject figures = hotline(List.of(), List.of(answered("hotline", 25, 100)), 30);

        assertThat(figures.getInteger("answeredWithinTarget")).isEqualTo(1);
        assertThat(figures.getInteger("serviceLevelSeconds")).isEqualTo(30);
    }

    @Test
    void callsWithoutQueueAreSkipped() {
        Map<String, JsonObject> all = VoiceQueueFigures.compute(List.of(),
                List.of(contact(ContactState.ENDED, Map.of(VoiceDetails.OUTCOME, "ivr_self_served"))), Map.of(), 15);

        assertThat(all).isEmpty();
    }
}
