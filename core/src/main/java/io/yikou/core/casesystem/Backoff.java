package io.yikou.core.casesystem;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits half of {@code min(max, initial * 2^(n-1))}
 * plus a random share of the other half, so retries from many tickets spread out instead of
 * arriving together, while each wait stays at least half the nominal delay.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** Returns the wait before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long nominal = initial.toMillis();
        for (int i = 1; i < attempt && nominal < cap; i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, cap);
        long half = nominal / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
