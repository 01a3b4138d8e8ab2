package io.yikou.channels.voice.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one authenticated AMI session to an Asterisk server and brings it back after any loss.
 *
 * <p>Each attempt connects, waits for the banner, logs in with the MD5 challenge (so the secret
 * never crosses the wire), and only then starts the {@code Ping} keep-alive: a keep-alive sent
 * before login would be refused and could leave a dead session. After login the {@link Session}
 * resynchronises its model; events that arrive meanwhile are held and delivered after it. A lost
 * connection, a failed keep-alive or a {@code Permission denied} reply closes the session and
 * schedules the next attempt on a timer with exponential backoff and jitter; a rejected login waits
 * the longer {@link AmiOptions#loginRetryDelay()}. No thread ever sleeps.
 *
 * <p>All state lives on one Vert.x context; public methods may be called from any thread.
 */
public final class AmiClient {

    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    private static final AtomicInteger CONNECTION_IDS = new AtomicInteger();

    /** Connection states, as the status endpoint and the supervisor view show them. */
    public enum State { STOPPED, CONNECTING, AUTHENTICATING, SYNCHRONIZING, CONNECTED, RECONNECTING, LOGIN_REJECTED }

    /** The consumer of an established session: it rebuilds state, then receives events. */
    public interface Session {
        /** Rebuilds state after a (re)login; the client holds events until the future completes. */
        Future<Void> synchronize(AmiConnection connection);

        void onEvent(AmiMessage event);

        /** Called when an established session is lost. */
        default void onDisconnected() {
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final AmiOptions options;
    private final Session session;
    private final Backoff backoff;
    private final Clock clock;
    private final NetClient netClient;

    private State state = State.STOPPED;
    private AmiConnection connection;
    private long reconnectTimer = -1;
    private long keepAliveTimer = -1;
    private final Queue<AmiMessage> heldEvents = new ArrayDeque<>();
    private String lastError;
    private Instant connectedSince;
    private long sessions;

    public AmiClient(Vertx vertx, AmiOptions options, Session session, RandomGenerator random, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.session = session;
        this.clock = clock;
        this.backoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay(),
                options.reconnectJitter(), random);
        this.netClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true));
    }

    /** Starts connecting; completes at once, the session comes up in the background. */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> {
            if (state == State.STOPPED) {
                LOG.info("Starting AMI client for {}", options);
                connect();
            }
            started.complete();
        });
        return started.future();
    }

    /** Logs off, closes the session and cancels any scheduled attempt. */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            state = State.STOPPED;
            vertx.cancelTimer(reconnectTimer);
            vertx.cancelTimer(keepAliveTimer);
            heldEvents.clear();
            AmiConnection current = connection;
            connection = null;
            if (current == null || current.isClosed()) {
                stopped.complete();
                return;
            }
            current.send(AmiAction.named("Logoff").build())
                    .transform(ignored -> current.close())
                    .onComplete(done -> {
                        LOG.info("Stopped AMI client for {}", options.endpoint());
                        stopped.complete();
                    });
        });
        return stopped.future();
    }

    public State state() {
        return state;
    }

    /** Tells whether actions can be sent now. */
    public boolean isConnected() {
        return state == State.CONNECTED || state == State.SYNCHRONIZING;
    }

    public AmiOptions options() {
        return options;
    }

    /** The latest connection or login error, for the status report; never contains the secret. */
    public String lastError() {
        return lastError;
    }

    public Instant connectedSince() {
        return connectedSince;
    }

    /** Counts sessions established since start, for tests and the status report. */
    public long sessions() {
        return sessions;
    }

    /** Counts failed attempts since the last established session. */
    public int failedAttempts() {
        return backoff.failures();
    }

    /** Sends an action on the current session, or fails with {@link AmiException.NotConnected}. */
    public Future<AmiMessage> send(AmiAction action) {
        AmiConnection current = connection;
        if (current == null || !isConnected()) {
            return Future.failedFuture(new AmiException.NotConnected("state " + state + " for " + options.endpoint()));
        }
        return watch(current, current.send(action));
    }

    /** Sends an event-list action on the current session. */
    public Future<List<AmiMessage>> sendForList(AmiAction action) {
        AmiConnection current = connection;
        if (current == null || !isConnected()) {
            return Future.failedFuture(new AmiException.NotConnected("state " + state + " for " + options.endpoint()));
        }
        return watch(current, current.sendForList(action));
    }

    /** Returns the current connection, for counters in tests; may be {@code null}. */
    public AmiConnection connection() {
        return connection;
    }

    private <T> Future<T> watch(AmiConnection current, Future<T> result) {
        return result.onFailure(error -> {
            if (error instanceof AmiException.PermissionDenied) {
                context.runOnContext(v -> {
                    if (connection == current) {
                        LOG.warn("[{} {}] Asterisk replied Permission denied; logging in again", current.id(),
                                options.endpoint());
                        current.close();
                    }
                });
            }
        });
    }

    private void connect() {
        state = connectedSince == null && sessions == 0 ? State.CONNECTING : State.RECONNECTING;
        String id = "ami-" + CONNECTION_IDS.incrementAndGet();
        LOG.debug("[{} {}] Connecting (attempt {})", id, options.endpoint(), backoff.failures() + 1);
        netClient.connect(options.port(), options.host())
                .onSuccess(socket -> {
                    if (state == State.STOPPED) {
                        socket.close();
                        return;
                    }
                    AmiConnection opened = new AmiConnection(vertx, socket, options, id);
                    connection = opened;
                    opened.eventConsumer(this::onEvent);
                    opened.closed().onComplete(v -> context.runOnContext(x -> onClosed(opened)));
                    login(opened);
                })
                .onFailure(error -> {
                    lastError = "connect failed: " + error.getMessage();
                    scheduleReconnect(lastError, false);
                });
    }

    private void login(AmiConnection opened) {
        state = State.AUTHENTICATING;
        long bannerTimer = vertx.setTimer(options.connectTimeout().toMillis(), t -> {
            if (!opened.banner().isComplete()) {
                LOG.warn("[{} {}] No AMI banner within {} ms; closing", opened.id(), options.endpoint(),
                        options.connectTimeout().toMillis());
                opened.close();
            }
        });
        opened.banner()
                .compose(banner -> {
                    vertx.cancelTimer(bannerTimer);
                    LOG.debug("[{} {}] Banner {}", opened.id(), options.endpoint(), banner);
                    return opened.send(AmiAction.named("Challenge").field("AuthType", "MD5").build());
                })
                .compose(challenge -> opened.send(AmiAction.named("Login")
                        .field("AuthType", "MD5")
                        .field("Username", options.username())
                        .field("Key", md5Key(challenge.get("Challenge", "")))
                        .field("Events", options.eventMask())
                        .build()))
                .onSuccess(ok -> loggedIn(opened))
                .onFailure(error -> loginFailed(opened, error));
    }

    private void loggedIn(AmiConnection opened) {
        if (connection != opened || state == State.STOPPED) {
            return;
        }
        state = State.SYNCHRONIZING;
        sessions++;
        LOG.info("[{} {}] Logged in to AMI as {}; synchronising", opened.id(), options.endpoint(), options.username());
        startKeepAlive(opened);
        session.synchronize(opened).onComplete(result -> context.runOnContext(v -> {
            if (connection != opened || state == State.STOPPED) {
                return;
            }
            if (result.failed()) {
                lastError = "resynchronisation failed: " + result.cause().getMessage();
                LOG.warn("[{} {}] Resynchronisation failed: {}; reconnecting", opened.id(), options.endpoint(),
                        result.cause().toString());
                opened.close();
                return;
            }
            state = State.CONNECTED;
            connectedSince = clock.instant();
            lastError = null;
            backoff.reset();
            LOG.info("[{} {}] AMI session ready; {} events held during resynchronisation", opened.id(),
                    options.endpoint(), heldEvents.size());
            while (!heldEvents.isEmpty() && state == State.CONNECTED) {
                deliver(heldEvents.poll());
            }
        }));
    }

    private void loginFailed(AmiConnection opened, Throwable error) {
        if (state == State.STOPPED || connection != opened) {
            return;
        }
        boolean rejected = error instanceof AmiException.ActionRejected;
        if (rejected) {
            String reason = ((AmiException.ActionRejected) error).asteriskMessage();
            AmiException failure = new AmiException.AuthenticationFailed(options.endpoint(), options.username(), reason);
            lastError = failure.getMessage();
            LOG.error("[{} {}] {}; next attempt in {} s", opened.id(), options.endpoint(), failure.getMessage(),
                    options.loginRetryDelay().toSeconds());
        } else {
            lastError = "login failed: " + error.getMessage();
        }
        connection = null;
        opened.close();
        if (rejected) {
            state = State.LOGIN_REJECTED;
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = vertx.setTimer(options.loginRetryDelay().toMillis(), t -> connect());
        } else {
            scheduleReconnect(lastError, false);
        }
    }

    private void startKeepAlive(AmiConnection opened) {
        vertx.cancelTimer(keepAliveTimer);
        keepAliveTimer = vertx.setPeriodic(options.keepAliveInterval().toMillis(), t -> {
            if (connection != opened || opened.isClosed()) {
                vertx.cancelTimer(t);
                return;
            }
            watch(opened, opened.send(AmiAction.named("Ping").build())).onFailure(error -> {
                LOG.warn("[{} {}] Keep-alive failed: {}; reconnecting", opened.id(), options.endpoint(),
                        error.getMessage());
                opened.close();
            });
        });
    }

    private void onEvent(AmiMessage event) {
        if (state == State.SYNCHRONIZING) {
            heldEvents.add(event);
            return;
        }
        if (state == State.CONNECTED) {
            deliver(event);
        }
    }

    private void deliver(AmiMessage event) {
        try {
            session.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("[{}] Failed to apply {}; the event is skipped", options.endpoint(), event, e);
        }
    }

    private void onClosed(AmiConnection closed) {
        vertx.cancelTimer(keepAliveTimer);
        if (connection != closed) {
            return;
        }
        connection = null;
        heldEvents.clear();
        boolean wasEstablished = state == State.CONNECTED || state == State.SYNCHRONIZING;
        if (wasEstablished) {
            LOG.warn("[{} {}] AMI connection lost", closed.id(), options.endpoint());
            connectedSince = null;
            session.onDisconnected();
        }
        if (state == State.STOPPED || state == State.LOGIN_REJECTED) {
            return;
        }
        scheduleReconnect(wasEstablished ? "connection lost" : lastError, wasEstablished);
    }

    private void scheduleReconnect(String reason, boolean quiet) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.RECONNECTING;
        long delay = backoff.nextDelayMillis();
        if (quiet || backoff.failures() <= 1) {
            LOG.info("AMI {} unavailable ({}); reconnecting in {} ms", options.endpoint(), reason, delay);
        } else {
            LOG.debug("AMI {} unavailable ({}); attempt {} in {} ms", options.endpoint(), reason,
                    backoff.failures(), delay);
        }
        vertx.cancelTimer(reconnectTimer);
        reconnectTimer = vertx.setTimer(delay, t -> connect());
    }

    private String md5Key(String challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(challenge.getBytes(StandardCharsets.US_ASCII));
            md5.update(options.secret().bytes());
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java runtime", e);
        }
    }
}
