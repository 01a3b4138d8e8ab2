package io.yikou.ivr.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * End reason and length of a recording.
 *
 * @param reason why it ended
 * @param length recorded audio; AGI reports {@code endpos} in samples, so 8 kHz formats give
 *               {@code endpos / 8} milliseconds
 * @param key    the escape key that ended it, for {@link EndReason#KEY_PRESSED}
 */
public record RecordingResult(EndReason reason, Duration length, Optional<Character> key) {

    /** Reasons a recording ends. */
    public enum EndReason {
        KEY_PRESSED,
        /** The maximum duration passed; AGI may report silence the same way ({@code (timeout)}). */
        MAX_DURATION,
        SILENCE,
        CALLER_HUNG_UP
    }
}
