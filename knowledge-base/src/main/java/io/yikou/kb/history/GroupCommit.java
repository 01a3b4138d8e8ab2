package io.yikou.kb.history;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;

/**
 * Shares one index commit among every ticket staged while the previous commit was running.
 *
 * <p>A caller stages its change, then waits on {@link #afterNextCommit}. When no commit is running,
 * one starts at once, so a lone ticket does not wait for company. Under load, every request made
 * during a commit joins the next one. A request never joins a commit that was already running, because
 * that commit may have started before the caller's change was staged.
 *
 * <p>Not thread-safe: call from one Vert.x context, the stream consumer's; the worker executor calls
 * back on that context.
 */
final class GroupCommit {

    private final WorkerExecutor workers;
    private final Runnable commit;
    private Promise<Void> next;
    private boolean running;

    GroupCommit(WorkerExecutor workers, Runnable commit) {
        this.workers = workers;
        this.commit = commit;
    }

    /** Completes once a commit that started after this call has finished, or fails with it. */
    Future<Void> afterNextCommit() {
        if (next == null) {
            next = Promise.promise();
        }
        Future<Void> result = next.future();
        if (!running) {
            start();
        }
        return result;
    }

    private void start() {
        Promise<Void> batch = next;
        next = null;
        running = true;
        workers.<Void>executeBlocking(() -> {
            commit.run();
            return null;
        }, false).onComplete(done -> {
            running = false;
            if (done.succeeded()) {
                batch.complete();
            } else {
                batch.fail(done.cause());
            }
            if (next != null) {
                start();
            }
        });
    }
}
