package io.yikou.channels.voice.ami;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password kept out of logs: {@link #toString()} never shows it. Immutable.
 */
public final class Secret {

    private final byte[] utf8;

    private Secret(byte[] utf8) {
        this.utf8 = utf8;
    }

    public static Secret of(String value) {
        return new Secret(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isEmpty() {
        return utf8.length == 0;
    }

    /** Returns the secret's UTF-8 bytes; callers must not log them. */
    public byte[] bytes() {
        return Arrays.copyOf(utf8, utf8.length);
    }

    /** Returns the secret as text, for the plain {@code Login} fallback; callers must not log it. */
    public String reveal() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return isEmpty() ? "(empty)" : "(hidden)";
    }
}
