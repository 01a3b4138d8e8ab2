package io.yikou.core.staff;

import io.yikou.core.http.ApiException;
import java.time.Duration;
import java.util.List;

/** A login refused without checking the password because of too many recent failures (HTTP 429). */
public final class LoginThrottledException extends ApiException {

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super(429, "login_throttled", "error.login_throttled", List.of(), minutes(retryAfter));
        this.retryAfter = retryAfter;
    }

    /** How long until the next attempt can be admitted. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Returns the wait in whole seconds, rounded up, for a {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }
}
