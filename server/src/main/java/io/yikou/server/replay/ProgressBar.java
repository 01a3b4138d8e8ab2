package io.yikou.server.replay;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, redrawn in place on a terminal. Elsewhere (logs, CI)
 * it prints a line at every tenth of the work instead.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final boolean terminal;
    private long lastTenth = -1;

    ProgressBar(PrintStream out, long total, boolean terminal) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    synchronized void show(long done, ReplaySummary summary) {
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        String line = String.format("[%s%s] %d/%d  created %d  duplicates %d  rejected %d  failed %d",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, summary.created(), summary.duplicates(),
                summary.rejectedCount(), summary.failures());
        if (terminal) {
            out.print("\r" + line);
            out.flush();
            return;
        }
        long tenth = done * 10 / total;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            out.println(line);
        }
    }

    synchronized void finish(long done, ReplaySummary summary) {
        lastTenth = -1;
        show(done, summary);
        if (terminal) {
            out.println();
        }
    }
}
