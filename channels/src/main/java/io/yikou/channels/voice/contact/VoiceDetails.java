package io.yikou.channels.voice.contact;

/**
 * Names of the details a voice contact carries in {@code Contact.details()}: the public shape other
 * modules and the UI read. Durations are whole seconds; times are ISO-8601 instants.
 */
public final class VoiceDetails {

    public static final String LINKEDID = "linkedid";
    public static final String CALLER_NUMBER = "callerNumber";
    public static final String CALLER_NAME = "callerName";
    public static final String DIALLED_NUMBER = "dialledNumber";
    public static final String IVR = "ivr";
    public static final String IVR_FLOW = "ivrFlow";
    public static final String IVR_PATH = "ivrPath";
    public static final String IVR_CHOICES = "ivrChoices";
    public static final String IVR_RESULT = "ivrResult";
    public static final String LANGUAGE = "language";
    public static final String PRIORITY = "priority";
    public static final String QUEUE = "queue";
    public static final String WAIT_SECONDS = "waitSeconds";
    public static final String AGENT_INTERFACE = "agentInterface";
    public static final String AGENT_NAME = "agentName";
    public static final String ANSWERED_AT = "answeredAt";
    public static final String TALK_SECONDS = "talkSeconds";
    public static final String TRANSFER_TARGET = "transferTarget";
    public static final String END_REASON = "endReason";
    public static final String OUTCOME = "outcome";
    public static final String VOICEMAIL_TICKET = "voicemailTicket";

    private VoiceDetails() {
    }
}
