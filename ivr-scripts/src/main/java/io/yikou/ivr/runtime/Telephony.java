package io.yikou.ivr.runtime;

import io.yikou.ivr.flow.Language;
import java.time.Duration;
import java.util.Optional;

/**
 * The call as the flow engine drives it: one blocking method per AGI command, so a FastAGI session
 * implements each method by sending one command and reading its reply. The engine calls these
 * methods from the session's thread only, one at a time.
 *
 * <p><b>Hang-up:</b> every method except {@link #recordFile} and {@link #hangup} throws
 * {@link CallerHangupException} once the caller is gone: a {@code result=-1} reply caused by the
 * hang-up, a {@code HANGUP} line, or a {@code 511} reply. The engine then ends the walk at once
 * and sends no further commands. {@link #recordFile} returns {@link RecordingResult.EndReason#CALLER_HUNG_UP}
 * instead, because a message recorded before the caller hung up must still become a ticket.
 * Any other failure (a {@code 510}/{@code 520} reply, a broken socket) is a {@link TelephonyException}.
 */
public interface Telephony {

    /** Answers the channel: {@code ANSWER}. Answering an answered channel does nothing. */
    void answer();

    /**
     * Plays a sound file: {@code STREAM FILE <file> "<escapeDigits>"}.
     *
     * @param file         path under Asterisk's sounds directory without extension, for example
     *                     {@code yikou/zh-CN/welcome}
     * @param escapeDigits keys that stop playback, possibly empty
     * @return the key that stopped playback ({@code result} is its ASCII code), or empty when the file
     *         played to the end ({@code result=0})
     */
    Optional<Character> streamFile(String file, String escapeDigits);

    /**
     * Waits for one key: {@code WAIT FOR DIGIT <milliseconds>}.
     *
     * @return the key, or empty when the timeout passed ({@code result=0})
     */
    Optional<Character> waitForDigit(Duration timeout);

    /**
     * Records the caller: {@code RECORD FILE <file> <format> "<escape>" <max ms> [BEEP] [s=<silence s>]}.
     * Must not throw {@link CallerHangupException}: a hang-up ends the recording with
     * {@link RecordingResult.EndReason#CALLER_HUNG_UP} and the length recorded so far.
     */
    RecordingResult recordFile(RecordingRequest request);

    /** Sets a channel variable or writable function: {@code SET VARIABLE <name> "<value>"}. */
    void setVariable(String name, String value);

    /**
     * Reads a channel variable: {@code GET VARIABLE <name>}.
     *
     * @return the value, or empty when the variable is unset ({@code result=0})
     */
    Optional<String> getVariable(String name);

    /**
     * Hangs up the channel: {@code HANGUP}. Must not throw when the caller already hung up
     * (Asterisk answers {@code 511} then).
     */
    void hangup();

    /**
     * Tells whether {@link #speak} works, that is a text-to-speech application is configured for
     * this channel. The engine speaks free text (a ticket's detail) only then; everything else is
     * played from recorded prompts.
     */
    default boolean canSpeak() {
        return false;
    }

    /**
     * Speaks free text through a text-to-speech application, typically {@code EXEC <app> <text>}.
     *
     * @return the key that stopped speech, or empty
     * @throws UnsupportedOperationException when {@link #canSpeak()} is false
     */
    default Optional<Character> speak(String text, Language language, String escapeDigits) {
        throw new UnsupportedOperationException("this channel has no text-to-speech");
    }
}
