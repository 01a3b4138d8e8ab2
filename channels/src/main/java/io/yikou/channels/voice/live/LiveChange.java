package io.yikou.channels.voice.live;

/**
 * A change of the live model, published to listeners in the order it happened.
 *
 * @param kind      what changed
 * @param key       the call's Linkedid, the queue name, or {@code queue|interface} for a member
 * @param call      the call after the change, for call kinds; {@code null} otherwise
 */
public record LiveChange(Kind kind, String key, LiveCall call) {

    /** Kinds of change. */
    public enum Kind {
        /** An inbound call is identified: its caller id and dialled number are known. */
        CALL_STARTED,
        /** The caller entered a queue. */
        CALL_QUEUED,
        /** An agent answered from a queue. */
        CALL_ANSWERED,
        /** A transfer or redirect moved the caller elsewhere. */
        CALL_TRANSFERRED,
        /** Every channel of the call hung up, or resynchronisation found it gone. */
        CALL_ENDED,
        QUEUE_CHANGED,
        MEMBER_CHANGED,
        /** The whole model was rebuilt from a snapshot after (re)login. */
        RESYNCHRONIZED
    }

    public static LiveChange call(Kind kind, LiveCall call) {
        return new LiveChange(kind, call.linkedid(), call);
    }

    public static LiveChange of(Kind kind, String key) {
        return new LiveChange(kind, key, null);
    }
}
