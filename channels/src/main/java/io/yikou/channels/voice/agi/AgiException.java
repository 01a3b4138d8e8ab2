package io.yikou.channels.voice.agi;

/**
 * Root of every FastAGI failure; unchecked. Flows branch on {@link Hangup} to stop at once and on
 * {@link CommandFailed} for replies such as {@code 510} or {@code 511}. No stack traces: these are
 * expected outcomes of talking to a phone call.
 */
public class AgiException extends RuntimeException {

    protected AgiException(String message) {
        super(message, null, false, false);
    }

    /** The caller hung up or Asterisk closed the connection; the session is over. */
    public static final class Hangup extends AgiException {
        public Hangup(String channel) {
            super("channel " + channel + " hung up");
        }
    }

    /** Asterisk sent no reply within the command timeout. */
    public static final class Timeout extends AgiException {
        public Timeout(String command, long millis) {
            super(command + " got no reply within " + millis + " ms");
        }
    }

    /** Asterisk answered with an error code: 510 unknown command, 511 dead channel, 520 bad syntax. */
    public static final class CommandFailed extends AgiException {
        private final int code;

        public CommandFailed(String command, int code, String text) {
            super(command + " failed with " + code + ": " + text);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
