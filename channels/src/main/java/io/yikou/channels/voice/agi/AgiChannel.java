package io.yikou.channels.voice.agi;

import java.util.Optional;

/**
 * The telephony operations of one FastAGI session, for IVR flows. Calls block the calling worker
 * thread until Asterisk replies; never call them on an event loop.
 *
 * <p>Every method throws {@link AgiException.Hangup} as soon as the caller hangs up, including while
 * waiting for a reply, so a flow ends at once and frees its thread. Error replies throw
 * {@link AgiException.CommandFailed}. One thread uses a channel at a time.
 */
public interface AgiChannel {

    AgiEnvironment environment();

    /** Sends a raw command line (without LF) and returns the reply. */
    AgiReply command(String line);

    void answer();

    /**
     * Plays a prompt.
     *
     * @return the digit pressed to interrupt it, or {@code 0} when it played to the end
     */
    char streamFile(String file, String escapeDigits);

    /**
     * Plays a prompt and collects up to {@code maxDigits} digits.
     *
     * @return the digits, empty on timeout
     */
    String getData(String file, long timeoutMillis, int maxDigits);

    /** Waits for one digit; returns it, or {@code 0} on timeout. */
    char waitForDigit(long timeoutMillis);

    /** Reads a channel variable or dialplan function, such as {@code CALLERID(name)}. */
    Optional<String> getVariable(String name);

    /** Evaluates an expression such as {@code ${CALLERID(num)}}. */
    Optional<String> getFullVariable(String expression);

    void setVariable(String name, String value);

    /** Runs a dialplan application; returns its result code ({@code -2} when it does not exist). */
    int exec(String application, String arguments);

    void verbose(String message, int level);

    /**
     * Records the caller to a file on the Asterisk host.
     *
     * @param silenceSeconds stop after this much silence; 0 to disable
     * @return the digit that ended the recording, or {@code 0}
     */
    char recordFile(String file, String format, String escapeDigits, long timeoutMillis, boolean beep,
                    int silenceSeconds);

    void hangup();

    /** Tells whether the caller has hung up or the connection closed. */
    boolean isHungUp();
}
