package io.yikou.ivr.runtime;

/**
 * The caller hung up. Thrown by {@link Telephony} methods; the engine ends the walk at once.
 * An expected event, so it carries no stack trace.
 */
public final class CallerHangupException extends RuntimeException {

    public CallerHangupException(String message) {
        super(message, null, false, false);
    }
}
