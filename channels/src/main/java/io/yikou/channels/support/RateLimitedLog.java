package io.yikou.channels.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs rejected requests at most once per interval per reason, with the count suppressed since the
 * last line, so a flood of forged callbacks cannot flood the log. Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long lastNanos = Long.MIN_VALUE;
        final AtomicLong suppressed = new AtomicLong();
    }

    public RateLimitedLog(Logger log, java.time.Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs a warning for {@code reason} unless one was logged within the interval. */
    public void warn(String reason, String format, Object... args) {
        Window window = windows.computeIfAbsent(reason, r -> new Window());
        long now = System.nanoTime();
        synchronized (window) {
            if (window.lastNanos != Long.MIN_VALUE && now - window.lastNanos < intervalNanos) {
                window.suppressed.incrementAndGet();
                return;
            }
            window.lastNanos = now;
        }
        long skipped = window.suppressed.getAndSet(0);
        if (skipped > 0) {
            log.warn(format + " ({} similar lines suppressed)", append(args, skipped));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
