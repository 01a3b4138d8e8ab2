package io.yikou.channels.voice.agi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI server: accepts Asterisk's {@code agi://} connections on a Vert.x event loop, reads each
 * session's environment, and runs the requested script on a bounded worker pool.
 *
 * <p>A connection that sends nothing or garbage is closed when the environment timeout passes. A
 * session for an unknown script, or one that finds every worker and queue slot taken, is closed at
 * once: Asterisk then continues the dialplan after {@code AGI()} with {@code AGISTATUS} set, so the
 * dialplan's fallback (straight to the queue) takes over. Thread-safe.
 */
public final class AgiServer {

    private static final Logger LOG = LoggerFactory.getLogger(AgiServer.class);

    private final Vertx vertx;
    private final AgiServerOptions options;
    private final Function<String, AgiScript> scripts;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private NetServer server;

    /**
     * @param scripts finds the script for a name, or returns {@code null} when there is none
     */
    public AgiServer(Vertx vertx, AgiServerOptions options, Function<String, AgiScript> scripts) {
        this.vertx = vertx;
        this.options = options;
        this.scripts = scripts;
        BlockingQueue<Runnable> queue = options.queueCapacity() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(options.queueCapacity());
        AtomicInteger threadIds = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 60, TimeUnit.SECONDS, queue,
                runnable -> {
                    Thread thread = new Thread(runnable, "yikou-agi-" + threadIds.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** Starts listening; completes with the bound port. */
    public Future<Integer> start() {
        NetServerOptions netOptions = new NetServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setTcpNoDelay(true)
                .setAcceptBacklog(1024);
        return vertx.createNetServer(netOptions)
                .connectHandler(this::accept)
                .listen()
                .map(bound -> {
                    server = bound;
                    LOG.info("FastAGI server listening on {}:{} with {} workers", options.host(), bound.actualPort(),
                            options.workers());
                    return bound.actualPort();
                });
    }

    /** Stops accepting, then lets running sessions end on their own. */
    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.onComplete(done -> {
            workers.shutdown();
            LOG.info("FastAGI server stopped; {} sessions still running", active.get());
        });
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Sessions currently running a script. */
    public int activeSessions() {
        return active.get();
    }

    /** Sessions closed because no worker was free. */
    public long rejectedSessions() {
        return rejected.get();
    }

    /** Sessions whose script returned or ended by hangup. */
    public long completedSessions() {
        return completed.get();
    }

    /** Counters for the health report. */
    public Map<String, Object> stats() {
        return Map.of("port", port(), "active", active.get(), "workers", options.workers(), "completed",
                completed.get(), "rejected", rejected.get());
    }

    private void accept(NetSocket socket) {
        Context context = vertx.getOrCreateContext();
        String id = "agi-" + sessionIds.incrementAndGet();
        AgiSession session = new AgiSession(socket, context, id, options, this::dispatch);
        long timer = vertx.setTimer(options.environmentTimeout().toMillis(), t -> {
            if (!session.environmentFuture().isDone()) {
                LOG.warn("[{}] No FastAGI environment from {} within {} ms; closing", id, socket.remoteAddress(),
                        options.environmentTimeout().toMillis());
                session.close();
            }
        });
        session.environmentFuture().whenComplete((env, error) -> vertx.cancelTimer(timer));
    }

    private void dispatch(AgiSession session) {
        AgiEnvironment env = session.environment();
        if (!env.isComplete()) {
            LOG.warn("[{}] FastAGI environment lacks agi_request or agi_channel; closing", session.id());
            session.close();
            return;
        }
        String name = env.script();
        AgiScript script = scripts.apply(name);
        if (script == null) {
            LOG.warn("[{}] No IVR flow named '{}' for {}; closing so the dialplan continues", session.id(), name,
                    env.channel());
            session.close();
            return;
        }
        try {
            workers.execute(() -> run(session, script, name));
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            LOG.warn("[{}] All {} FastAGI workers busy and the queue is full; closing the session for {}", session.id(),
                    options.workers(), env.channel());
            session.close();
        }
    }

    private void run(AgiSession session, AgiScript script, String name) {
        active.incrementAndGet();
        try {
            if (session.isHungUp()) {
                return;
            }
            script.run(session);
        } catch (AgiException.Hangup e) {
            LOG.debug("[{}] Flow {} ended by hangup", session.id(), name);
        } catch (AgiException e) {
            LOG.warn("[{}] Flow {} on {} stopped: {}", session.id(), name, session.environment().channel(),
                    e.getMessage());
        } catch (Exception e) {
            LOG.error("[{}] Flow {} on {} failed", session.id(), name, session.environment().channel(), e);
        } finally {
            active.decrementAndGet();
            completed.incrementAndGet();
            session.close();
        }
    }
}
