package io.yikou.core.staff;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits password guessing per login name and per client address, across every node. An attempt is
 * counted when admitted and forgotten when it succeeds, so parallel guesses cannot overrun the limit.
 * Thread-safe.
 */
public interface LoginThrottle {

    /** An admitted attempt, to report back as {@link #succeeded succeeded} or left counted as failed. */
    record Attempt(String username, String address, String member) {
    }

    /**
     * Admits an attempt, or returns how long to wait when the name or the address has reached its limit
     * of failures within the window.
     *
     * @return the attempt, or empty together with {@code retryAfter} filled
     */
    Future<Admission> admit(String username, String address);

    /** Clears the name's failures and removes the attempt from the address's count. */
    Future<Void> succeeded(Attempt attempt);

    /** Forgets every failure of a login name, as an administrator's password reset does. */
    Future<Void> clear(String username);

    /** The answer to {@link #admit}: an attempt, or the time until one is allowed. */
    record Admission(Optional<Attempt> attempt, Duration retryAfter) {

        public static Admission admitted(Attempt attempt) {
            return new Admission(Optional.of(attempt), Duration.ZERO);
        }

        public static Admission refused(Duration retryAfter) {
            return new Admission(Optional.empty(), retryAfter);
        }
    }
}
