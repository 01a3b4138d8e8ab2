package io.yikou.channels.voice.ami;

/**
 * Root of every AMI failure. Unchecked; callers branch on the subtypes, and retry logic asks
 * {@link #isRetriable()} instead of parsing messages. Expected failures carry no stack trace.
 */
public class AmiException extends RuntimeException {

    private final boolean retriable;

    protected AmiException(String message, Throwable cause, boolean retriable, boolean withStackTrace) {
        super(message, cause, false, withStackTrace);
        this.retriable = retriable;
    }

    /** Tells whether the same request may succeed later: a lost connection, a timeout. */
    public boolean isRetriable() {
        return retriable;
    }

    /** Asterisk answered {@code Response: Error}; the message is Asterisk's own text. */
    public static final class ActionRejected extends AmiException {
        private final String action;
        private final String asteriskMessage;

        public ActionRejected(String action, String asteriskMessage) {
            super(action + " rejected by Asterisk: " + asteriskMessage, null, false, false);
            this.action = action;
            this.asteriskMessage = asteriskMessage;
        }

        public String action() {
            return action;
        }

        public String asteriskMessage() {
            return asteriskMessage;
        }
    }

    /** Asterisk refused an action because the session is not (or no longer) authenticated. */
    public static final class PermissionDenied extends AmiException {
        public PermissionDenied(String action) {
            super(action + " rejected by Asterisk: Permission denied", null, true, false);
        }
    }

    /** Login was rejected: wrong user or secret, or an address the account does not permit. */
    public static final class AuthenticationFailed extends AmiException {
        public AuthenticationFailed(String endpoint, String username, String asteriskMessage) {
            super("AMI login to " + endpoint + " as " + username + " failed: " + asteriskMessage
                    + "; check voice.ami.username, the secret and the permit lines in manager.conf", null, false,
                    false);
        }
    }

    /** No authenticated AMI connection exists on this node right now. */
    public static final class NotConnected extends AmiException {
        public NotConnected(String detail) {
            super("AMI not connected: " + detail, null, true, false);
        }
    }

    /** Asterisk sent no response within the action timeout. */
    public static final class Timeout extends AmiException {
        public Timeout(String action, long millis) {
            super(action + " timed out after " + millis + " ms without a response from Asterisk", null, true, false);
        }
    }

    /** The byte stream broke the protocol in a way the connection cannot recover from. */
    public static final class ProtocolViolation extends AmiException {
        public ProtocolViolation(String detail) {
            super("AMI protocol violation: " + detail, null, true, true);
        }
    }

    /**
     * Maps an error response to its type: {@code Permission denied} means the session lost its
     * login, anything else is Asterisk rejecting the action itself.
     */
    public static AmiException fromErrorResponse(String action, AmiMessage response) {
        String message = response.get("Message", "(no message)");
        if (message.equalsIgnoreCase("Permission denied")) {
            return new PermissionDenied(action);
        }
        return new ActionRejected(action, message);
    }
}
