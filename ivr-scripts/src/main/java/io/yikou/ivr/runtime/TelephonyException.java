package io.yikou.ivr.runtime;

/**
 * A telephony command failed for a reason other than the caller hanging up: Asterisk rejected it
 * ({@code 510}, {@code 520}) or the AGI connection broke. The engine ends the walk with
 * {@link IvrResult.Outcome#FAILED}.
 */
public class TelephonyException extends RuntimeException {

    public TelephonyException(String message) {
        super(message);
    }

    public TelephonyException(String message, Throwable cause) {
        super(message, cause);
    }
}
