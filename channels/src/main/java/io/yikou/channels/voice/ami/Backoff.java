package io.yikou.channels.voice.ami;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with jitter and a cap: the n-th consecutive failure waits
 * {@code min(cap, initial * 2^(n-1))}, scaled by a random factor in {@code [1 - jitter, 1]} so nodes
 * that lost Asterisk together do not reconnect in step. Not thread-safe.
 */
public final class Backoff {

    private final long initialMillis;
    private final long capMillis;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    /**
     * @param jitter share of the delay that may be taken off at random, from 0 to 1
     */
    public Backoff(Duration initial, Duration cap, double jitter, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: positive)");
        }
        if (cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("cap: " + cap + " (expected: at least initial " + initial + ")");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0 to 1)");
        }
        this.initialMillis = initial.toMillis();
        this.capMillis = cap.toMillis();
        this.jitter = jitter;
        this.random = random;
    }

    /** Returns the delay before the next attempt and counts one more failure. */
    public long nextDelayMillis() {
        int shift = Math.min(failures, 30);
        long base = Math.min(capMillis, initialMillis << shift);
        failures++;
        double factor = 1.0 - jitter * random.nextDouble();
        return Math.max(1, Math.round(base * factor));
    }

    /** Returns the delay without jitter that the next attempt would use, for status reports. */
    public long nominalNextDelayMillis() {
        return Math.min(capMillis, initialMillis << Math.min(failures, 30));
    }

    public int failures() {
        return failures;
    }

    /** Starts over after a success. */
    public void reset() {
        failures = 0;
    }
}
