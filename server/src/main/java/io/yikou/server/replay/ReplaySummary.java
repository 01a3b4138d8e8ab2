package io.yikou.server.replay;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of a replay run. Thread-safe: responses arrive on HTTP client threads. */
final class ReplaySummary {

    private final AtomicLong created = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> unreadable = new TreeMap<>();

    void countCreated() {
        created.incrementAndGet();
    }

    void countDuplicate() {
        duplicates.incrementAndGet();
    }

    void countFailed() {
        failed.incrementAndGet();
    }

    synchronized void countRejected(String reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    synchronized void countUnreadable(String reason) {
        unreadable.merge(reason, 1L, Long::sum);
    }

    long done() {
        return created.get() + duplicates.get() + failed.get() + rejectedCount();
    }

    long created() {
        return created.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long failures() {
        return failed.get();
    }

    synchronized long rejectedCount() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long unreadableCount() {
        return unreadable.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized void print(PrintStream out, long sent, double seconds) {
        out.printf("Sent %d requests in %.1f s (%.0f/s)%n", sent, seconds, seconds > 0 ? sent / seconds : 0.0);
        out.printf("  created     %d%n", created.get());
        out.printf("  duplicates  %d  (already filed: same message id)%n", duplicates.get());
        out.printf("  rejected    %d%n", rejectedCount());
        rejected.forEach((reason, count) -> out.printf("      %6d  %s%n", count, reason));
        out.printf("  unreadable  %d  (lines not turned into requests)%n", unreadableCount());
        unreadable.forEach((reason, count) -> out.printf("      %6d  %s%n", count, reason));
        out.printf("  failed      %d  (no answer from the server)%n", failed.get());
    }
}
