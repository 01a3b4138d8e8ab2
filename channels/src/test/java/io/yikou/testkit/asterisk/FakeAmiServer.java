package io.yikou.testkit.asterisk;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.yikou.channels.voice.ami.AmiFrameDecoder;
import io.yikou.channels.voice.ami.AmiMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Asterisk manager interface on 127.0.0.1 that replays recorded transcripts over a real TCP
 * socket, byte for byte, and answers the client's actions as recorded (see {@link AmiScript}).
 * Actions the recording does not cover get the answers a real Asterisk gives: a challenge, Pong,
 * {@code CoreStatus}, configurable {@code QueueStatus} and {@code CoreShowChannels} lists, and
 * {@code Permission denied} for anything but Challenge and Login before a successful login.
 *
 * <p>Each accepted connection plays the next queued script; with none left it plays only the
 * banner and answers actions. A script may hold at chosen items ({@link AmiScript#holdAt}) until
 * {@link #release()}. Thread-safe; runs on its own Vert.x instance.
 */
public final class FakeAmiServer implements AutoCloseable {

    private static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    private static final Pattern ACTION_ID = Pattern.compile("ActionID: ([^\\r\\n]*)\\r\\n");
    private static final Pattern CHALLENGE = Pattern.compile("Challenge: (\\d+)");

    private final Vertx vertx = Vertx.vertx();
    private final String secret;
    private final Queue<AmiScript> scripts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<PeerConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Function<AmiMessage, List<String>>> listResponders = new ConcurrentHashMap<>();
    private volatile Chunking chunking = Chunking.whole();
    private volatile long loginDelayMillis;
    private volatile String startupTime = "20:28:10";
    private NetServer server;

    public FakeAmiServer(String secret) {
        this.secret = secret;
        listResponders.put("QueueStatus", action -> List.of());
        listResponders.put("CoreShowChannels", action -> List.of());
    }

    /** Starts listening on a free port of 127.0.0.1. */
    public FakeAmiServer start() {
        server = await(vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(socket -> connections.add(new PeerConnection(socket, scripts.poll())))
                .listen());
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    /** Queues a script for the next connection. */
    public FakeAmiServer enqueue(AmiScript script) {
        scripts.add(script);
        return this;
    }

    public FakeAmiServer chunking(Chunking value) {
        this.chunking = value;
        return this;
    }

    /** Delays the answer to Login, as a busy Asterisk after a restart does. */
    public FakeAmiServer loginDelay(long millis) {
        this.loginDelayMillis = millis;
        return this;
    }

    /** Sets the start time {@code CoreStatus} reports; a new value looks like a restart. */
    public FakeAmiServer startupTime(String time) {
        this.startupTime = time;
        return this;
    }

    /**
     * Answers an event-list action with these events (each a {@code Key: Value} block without the
     * ActionID and without the blank line); the server adds the response and the Complete event.
     */
    public FakeAmiServer listResponder(String action, Function<AmiMessage, List<String>> events) {
        listResponders.put(action, events);
        return this;
    }

    /** Connections accepted so far. */
    public List<PeerConnection> connections() {
        return List.copyOf(connections);
    }

    /**
     * Lets every connection that waits at a hold play on, up to its next hold. A connection that has
     * not reached its hold yet passes it when it gets there.
     */
    public void release() {
        for (PeerConnection connection : connections) {
            connection.release();
        }
    }

    /** Tells whether some connection waits at a hold of its script. */
    public boolean holding() {
        return connections.stream().anyMatch(PeerConnection::holding);
    }

    /** Tells whether some connection waits at the hold before item {@code index} of its script. */
    public boolean holdingAt(int index) {
        return connections.stream().anyMatch(connection -> connection.heldAt() == index);
    }

    /** Closes every open connection, as a network drop or an Asterisk restart would. */
    public void dropConnections() {
        for (PeerConnection connection : connections) {
            vertx.runOnContext(v -> connection.socket.close());
        }
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake AMI server operation failed", e);
        }
    }

    /** One client connection and the script it plays. */
    public final class PeerConnection {
        private final NetSocket socket;
        private final List<Transcript.Item> items;
        private final java.util.Set<String> clientActions;
        private final boolean closeAtEnd;
        private final List<Integer> holdIndexes;
        private final io.vertx.core.Context context;
        private int released;
        private volatile int heldAt = -1;
        private final List<AmiMessage> received = new CopyOnWriteArrayList<>();
        private final Map<String, String> ids = new HashMap<>();
        private final ArrayDeque<AmiMessage> inbox = new ArrayDeque<>();
        private int cursor;
        private boolean authenticated;
        private String challenge = "840127361";
        private volatile boolean closed;
        private volatile boolean scriptDone;
        private final List<String> log = Collections.synchronizedList(new ArrayList<>());

        PeerConnection(NetSocket socket, AmiScript script) {
            this.socket = socket;
            this.items = script == null ? List.of() : script.items();
            this.clientActions = script == null ? java.util.Set.of() : script.clientActions();
            this.closeAtEnd = script != null && script.closeAtEnd();
            this.holdIndexes = script == null ? List.of() : script.holdIndexes();
            this.context = vertx.getOrCreateContext();
            AmiFrameDecoder decoder = new AmiFrameDecoder(65536, 1 << 20, false, new AmiFrameDecoder.Listener() {
                @Override
                public void onBanner(String banner) {
                }

                @Override
                public void onMessage(AmiMessage message) {
                    onAction(message);
                }

                @Override
                public void onOversizePacket(long droppedBytes, String reason) {
                }
            });
            socket.handler(decoder::feed);
            socket.closeHandler(v -> closed = true);
            boolean recordedBanner = !items.isEmpty() && items.get(0) instanceof Transcript.Received first
                    && first.text().startsWith("Asterisk Call Manager");
            if (recordedBanner) {
                cursor = 1;
                send(((Transcript.Received) items.get(0)).bytes());
            } else {
                send(BANNER.getBytes(StandardCharsets.UTF_8));
            }
            advance();
        }

        /** Forgets the login, so Asterisk answers the next actions with Permission denied. */
        public void revokeLogin() {
            vertx.runOnContext(v -> authenticated = false);
        }

        /** Passes the hold this connection waits at, or the next one it reaches. */
        public void release() {
            context.runOnContext(v -> {
                if (released < holdIndexes.size()) {
                    released++;
                }
                heldAt = -1;
                advance();
            });
        }

        /** Tells whether this connection waits at a hold. */
        public boolean holding() {
            return heldAt >= 0;
        }

        /** Returns the index of the item this connection waits before, or -1 while it plays. */
        public int heldAt() {
            return heldAt;
        }

        /** Actions the client sent on this connection, in order. */
        public List<AmiMessage> actions() {
            return List.copyOf(received);
        }

        public boolean isClosed() {
            return closed;
        }

        /** Tells whether every scripted item was played. */
        public boolean scriptDone() {
            return scriptDone;
        }

        private void advance() {
            while (cursor < items.size() && !closed) {
                if (released < holdIndexes.size() && cursor >= holdIndexes.get(released)) {
                    heldAt = cursor;
                    return;
                }
                Transcript.Item item = items.get(cursor);
                if (item instanceof Transcript.Sent sent) {
                    if (clientActions.contains(sent.action())) {
                        AmiMessage match = takeFromInbox(sent.action());
                        if (match == null) {
                            return;
                        }
                        ids.put(sent.actionId(), match.actionId());
                    }
                    cursor++;
                    continue;
                }
                if (item instanceof Transcript.Received message && message.bytes().length > 65536) {
                    // A bulk stream (benchmarks): sent as is, no ActionID to rewrite.
                    send(message.bytes());
                } else if (item instanceof Transcript.Received message) {
                    String text = message.text();
                    Matcher challengeMatch = CHALLENGE.matcher(text);
                    if (challengeMatch.find()) {
                        challenge = challengeMatch.group(1);
                    }
                    String rewritten = rewrite(text);
                    // Recorded bytes go out untouched unless an ActionID has to be the client's.
                    send(rewritten.equals(text) ? message.bytes() : rewritten.getBytes(StandardCharsets.UTF_8));
                }
                cursor++;
            }
            if (cursor >= items.size()) {
                scriptDone = true;
                if (closeAtEnd && !closed) {
                    socket.close();
                }
            }
        }

        private AmiMessage takeFromInbox(String action) {
            for (AmiMessage candidate : inbox) {
                if (action.equalsIgnoreCase(candidate.get("Action"))) {
                    inbox.remove(candidate);
                    return candidate;
                }
            }
            return null;
        }

        private boolean scriptAwaits(String action) {
            for (int i = cursor; i < items.size(); i++) {
                if (items.get(i) instanceof Transcript.Sent sent && clientActions.contains(sent.action())
                        && action.equalsIgnoreCase(sent.action())) {
                    return true;
                }
            }
            return false;
        }

        private String rewrite(String text) {
            Matcher matcher = ACTION_ID.matcher(text);
            if (matcher.find() && ids.containsKey(matcher.group(1))) {
                return text.substring(0, matcher.start(1)) + ids.get(matcher.group(1)) + text.substring(matcher.end(1));
            }
            return text;
        }

        private void onAction(AmiMessage action) {
            received.add(action);
            String name = action.get("Action", "");
            String id = action.actionId();
            log.add(name);
            if (!authenticated && !name.equalsIgnoreCase("Challenge") && !name.equalsIgnoreCase("Login")) {
                reply(id, "Response: Error\r\nActionID: %s\r\nMessage: Permission denied\r\n\r\n");
                return;
            }
            if (name.equalsIgnoreCase("Login")) {
                if (!validLogin(action)) {
                    reply(id, "Response: Error\r\nActionID: %s\r\nMessage: Authentication failed\r\n\r\n");
                    return;
                }
                Runnable accept = () -> {
                    authenticated = true;
                    if (scriptAwaits("Login")) {
                        inbox.add(action);
                        advance();
                    } else {
                        reply(id, "Response: Success\r\nActionID: %s\r\nMessage: Authentication accepted\r\n\r\n"
                                + "Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 9\r\nLastReload: 9\r\n"
                                + "Status: Fully Booted\r\n\r\n");
                    }
                };
                if (loginDelayMillis > 0) {
                    vertx.setTimer(loginDelayMillis, t -> accept.run());
                } else {
                    accept.run();
                }
                return;
            }
            if (scriptAwaits(name)) {
                inbox.add(action);
                advance();
                return;
            }
            respond(name, id, action);
        }

        private boolean validLogin(AmiMessage action) {
            String key = action.get("Key");
            if (key != null) {
                return key.equalsIgnoreCase(md5(challenge + secret));
            }
            return secret.equals(action.get("Secret"));
        }

        private void respond(String name, String id, AmiMessage action) {
            switch (name) {
                case "Challenge" -> {
                    challenge = String.valueOf(100_000_000 + new java.util.Random().nextInt(800_000_000));
                    reply(id, "Response: Success\r\nActionID: %s\r\nChallenge: " + challenge + "\r\n\r\n");
                }
                case "Ping" -> reply(id, "Response: Success\r\nActionID: %s\r\nPing: Pong\r\nTimestamp: 1796416099.486835\r\n\r\n");
                case "CoreStatus" -> reply(id, "Response: Success\r\nActionID: %s\r\nCoreStartupDate: 2026-12-04\r\n"
                        + "CoreStartupTime: " + startupTime + "\r\nCoreReloadDate: 2026-12-04\r\nCoreReloadTime: "
                        + startupTime + "\r\nCoreCurrentCalls: 0\r\n\r\n");
                case "Logoff" -> {
                    reply(id, "Response: Goodbye\r\nActionID: %s\r\nMessage: Thanks for all the fish.\r\n\r\n");
                    socket.close();
                }
                default -> {
                    Function<AmiMessage, List<String>> lister = listResponders.get(name);
                    if (lister != null) {
                        replyList(name, id, lister.apply(action));
                    } else {
                        reply(id, "Response: Error\r\nActionID: %s\r\nMessage: Invalid/unknown command: " + name
                                + ". Use Action: ListCommands to show available commands.\r\n\r\n");
                    }
                }
            }
        }

        private void replyList(String name, String id, List<String> events) {
            StringBuilder text = new StringBuilder("Response: Success\r\nActionID: " + id
                    + "\r\nEventList: start\r\nMessage: list will follow\r\n\r\n");
            for (String event : events) {
                text.append(event.replace("\n", "\r\n").replace("\r\r\n", "\r\n")).append("ActionID: ").append(id)
                        .append("\r\n\r\n");
            }
            String complete = name.equals("CoreShowChannels") ? "CoreShowChannelsComplete" : name + "Complete";
            text.append("Event: ").append(complete).append("\r\nActionID: ").append(id)
                    .append("\r\nEventList: Complete\r\nListItems: ").append(events.size()).append("\r\n\r\n");
            send(text.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void reply(String id, String template) {
            send(String.format(template, id).getBytes(StandardCharsets.UTF_8));
        }

        private void send(byte[] bytes) {
            if (closed) {
                return;
            }
            for (byte[] chunk : chunking.split(bytes)) {
                socket.write(Buffer.buffer(chunk));
            }
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
