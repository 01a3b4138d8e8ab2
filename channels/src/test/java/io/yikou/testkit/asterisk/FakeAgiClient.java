package io.yikou.testkit.asterisk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Asterisk's side of a FastAGI session against a server on 127.0.0.1, over a real socket: it
 * sends the recorded environment (in the recorded TCP reads, or split by a {@link Chunking}), then
 * reads each command line the server sends and answers it.
 *
 * <p>In strict mode the server must send exactly the recorded commands, and each gets the recorded
 * reply bytes (a {@code HANGUP} line included). In lenient mode a command gets the next recorded
 * reply of a command with the same verb, or a reply set with {@link #answer}. Blocking; one session
 * per instance.
 */
public final class FakeAgiClient implements AutoCloseable {

    /** A command the server sent and what this client replied. */
    public record Exchange(String command, String reply) {
    }

    private final List<Transcript.Item> items;
    private final boolean strict;
    private final Map<String, List<String>> answers = new HashMap<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private Chunking chunking;
    private Socket socket;
    private boolean serverClosed;

    private FakeAgiClient(List<Transcript.Item> items, boolean strict) {
        this.items = items;
        this.strict = strict;
    }

    public static FakeAgiClient strict(Transcript transcript) {
        return new FakeAgiClient(transcript.connection(0).items(), true);
    }

    public static FakeAgiClient lenient(Transcript transcript) {
        return new FakeAgiClient(transcript.connection(0).items(), false);
    }

    /** Splits the environment block this way instead of the recorded reads. */
    public FakeAgiClient chunking(Chunking value) {
        this.chunking = value;
        return this;
    }

    /** In lenient mode, answers commands starting with {@code prefix} with these replies in turn. */
    public FakeAgiClient answer(String prefix, String... replies) {
        answers.computeIfAbsent(prefix, k -> new ArrayList<>()).addAll(List.of(replies));
        return this;
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Tells whether the server closed the connection. */
    public boolean serverClosed() {
        return serverClosed;
    }

    /**
     * Connects, sends the environment and answers commands until the server closes the socket or
     * the recording ends and {@code idleMillis} pass without a command.
     */
    public FakeAgiClient run(int port, long idleMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) idleMillis);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();

        int cursor = sendEnvironment(out);
        Map<String, Integer> verbCursor = new HashMap<>();
        while (true) {
            String command;
            try {
                command = readLine(in);
            } catch (SocketTimeoutException e) {
                return this;
            }
            if (command == null) {
                serverClosed = true;
                return this;
            }
            String reply;
            if (strict) {
                int index = nextSent(cursor);
                Transcript.Sent expected = index < 0 ? null : (Transcript.Sent) items.get(index);
                if (expected == null) {
                    throw new AssertionError("server sent " + command + " after the recording ended");
                }
                if (!expected.commandLine().equals(command)) {
                    throw new AssertionError("server sent [" + command + "], recording has [" + expected.commandLine() + "]");
                }
                cursor = index + 1;
                reply = repliesFrom(cursor);
                cursor = afterReplies(cursor);
            } else {
                reply = lenientReply(command, verbCursor);
            }
            exchanges.add(new Exchange(command, reply));
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private int sendEnvironment(OutputStream out) throws IOException {
        int cursor = 0;
        ByteArrayOutputStream environment = new ByteArrayOutputStream();
        List<byte[]> reads = new ArrayList<>();
        while (cursor < items.size() && items.get(cursor) instanceof Transcript.Received received) {
            environment.writeBytes(received.bytes());
            reads.add(received.bytes());
            cursor++;
        }
        List<byte[]> chunks = chunking == null ? reads : chunking.split(environment.toByteArray());
        for (byte[] chunk : chunks) {
            out.write(chunk);
            out.flush();
        }
        return cursor;
    }

    private int nextSent(int from) {
        for (int i = from; i < items.size(); i++) {
            if (items.get(i) instanceof Transcript.Sent) {
                return i;
            }
        }
        return -1;
    }

    private String repliesFrom(int from) {
        StringBuilder reply = new StringBuilder();
        for (int i = from; i < items.size() && items.get(i) instanceof Transcript.Received received; i++) {
            reply.append(received.text());
        }
        return reply.toString();
    }

    private int afterReplies(int from) {
        int i = from;
        while (i < items.size() && items.get(i) instanceof Transcript.Received) {
            i++;
        }
        return i;
    }

    private String lenientReply(String command, Map<String, Integer> verbCursor) {
        for (Map.Entry<String, List<String>> answer : answers.entrySet()) {
            if (command.startsWith(answer.getKey()) && !answer.getValue().isEmpty()) {
                return answer.getValue().remove(0) + "\n";
            }
        }
        String verb = verb(command);
        int start = verbCursor.getOrDefault(verb, 0);
        for (int i = start; i < items.size(); i++) {
            if (items.get(i) instanceof Transcript.Sent sent && verb(sent.commandLine()).equals(verb)) {
                verbCursor.put(verb, i + 1);
                return repliesFrom(i + 1);
            }
        }
        return "200 result=0\n";
    }

    private static String verb(String command) {
        String[] words = command.split(" ");
        if (words.length >= 2 && (words[0].equals("GET") || words[0].equals("SET") || words[0].equals("STREAM")
                || words[0].equals("WAIT") || words[0].equals("CHANNEL") || words[0].equals("DATABASE")
                || words[0].equals("RECORD"))) {
            return words.length >= 3 && words[1].equals("FULL") ? "GET FULL VARIABLE" : words[0] + " " + words[1];
        }
        return words[0];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
