package io.yikou.channels.voice.contact;

import java.util.Map;

/**
 * The final state of an inbound call, as stored in the contact's {@code outcome} detail. The codes are
 * stable wire values; the UI shows the Chinese label from the voice message bundle.
 */
public enum VoiceOutcome {
    /** An agent answered from a queue. */
    ANSWERED("answered"),
    /** The caller hung up before an agent answered; {@code waitSeconds} says how long they waited. */
    ABANDONED("abandoned"),
    /** The caller left a voicemail, which became a ticket. */
    VOICEMAIL("voicemail"),
    /** The caller asked to be called back, keeping their place. */
    CALLBACK_REQUESTED("callback_requested"),
    /** The IVR answered the caller (a ticket status lookup, say) and no queue was involved. */
    IVR_SELF_SERVED("ivr_self_served"),
    /** Asterisk restarted during the call and cut it off. */
    INTERRUPTED("interrupted");

    private final String code;

    VoiceOutcome(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * Decides the outcome from a contact's details. The order is: answered, then what the IVR
     * recorded (callback, voicemail), then a restart cut-off, then self-service by the IVR without a
     * queue. Anything else is an abandoned call.
     */
    public static VoiceOutcome decide(Map<String, Object> details) {
        if (details.get(VoiceDetails.AGENT_INTERFACE) != null && details.get(VoiceDetails.ANSWERED_AT) != null) {
            return ANSWERED;
        }
        Object ivrResult = details.get(VoiceDetails.IVR_RESULT);
        if ("callback".equals(ivrResult)) {
            return CALLBACK_REQUESTED;
        }
        if ("voicemail".equals(ivrResult)) {
            return VOICEMAIL;
        }
        if ("interrupted".equals(details.get(VoiceDetails.END_REASON))) {
            return INTERRUPTED;
        }
        boolean ivrRan = details.get(VoiceDetails.IVR_FLOW) != null || Boolean.TRUE.equals(details.get(VoiceDetails.IVR));
        if (ivrRan && details.get(VoiceDetails.QUEUE) == null) {
            return IVR_SELF_SERVED;
        }
        return ABANDONED;
    }
}
