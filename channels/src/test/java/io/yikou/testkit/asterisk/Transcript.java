package io.yikou.testkit.asterisk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded Asterisk transcript (AMI or FastAGI) read into connections of items: bytes Asterisk
 * sent, actions or commands the recording client sent, and notes. Annotation lines start with
 * {@code #}; every other byte is kept exactly as recorded, line ends included.
 */
public final class Transcript {

    /** One step of a connection. */
    public sealed interface Item permits Received, Sent, Note {
    }

    /** Bytes Asterisk sent, one message (AMI) or one TCP read (FastAGI). */
    public record Received(byte[] bytes, String at) implements Item {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** An action (AMI, as ordered headers) or a command line (FastAGI) the recording client sent. */
    public record Sent(Map<String, String> headers, String commandLine) implements Item {
        public String action() {
            return headers.get("Action");
        }

        public String actionId() {
            return headers.get("ActionID");
        }
    }

    /** A connection note such as {@code TCP connected} or {@code connection closed by Asterisk (EOF)}. */
    public record Note(String text) implements Item {
    }

    /** One TCP connection's items, with the size and digest the header promised for its received bytes. */
    public record Connection(String name, List<Item> items, long expectedLength, String expectedSha256) {

        /** Concatenates every received byte, as it crossed the wire. */
        public byte[] receivedBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Item item : items) {
                if (item instanceof Received received) {
                    out.writeBytes(received.bytes());
                }
            }
            return out.toByteArray();
        }
    }

    private static final Pattern AMI_DIGEST = Pattern.compile("#\\s+(\\S+): (\\d+) bytes received, sha256 ([0-9a-f]{64})");
    private static final Pattern AGI_DIGEST = Pattern.compile("# Received from Asterisk: (\\d+) bytes, sha256 ([0-9a-f]{64})");

    private final Path file;
    private final List<Connection> connections;

    private Transcript(Path file, List<Connection> connections) {
        this.file = file;
        this.connections = connections;
    }

    public Path file() {
        return file;
    }

    public List<Connection> connections() {
        return connections;
    }

    public Connection connection(int index) {
        return connections.get(index);
    }

    /** Reads a transcript file; FastAGI transcripts are told apart by their {@code .agi.txt} name. */
    public static Transcript read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean agi = file.getFileName().toString().endsWith(".agi.txt");
        List<byte[]> lines = splitLines(data);

        Map<String, long[]> lengths = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        int body = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = new String(lines.get(i), StandardCharsets.UTF_8).stripTrailing();
            Matcher ami = AMI_DIGEST.matcher(line);
            Matcher agiDigest = AGI_DIGEST.matcher(line);
            if (ami.matches()) {
                lengths.put(ami.group(1), new long[] {Long.parseLong(ami.group(2))});
                digests.put(ami.group(1), ami.group(3));
            } else if (agiDigest.matches()) {
                lengths.put("A", new long[] {Long.parseLong(agiDigest.group(1))});
                digests.put("A", agiDigest.group(2));
            }
            if (line.startsWith("# ---- end of header")) {
                body = i + 1;
                break;
            }
        }

        List<Connection> connections = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        String name = "A";
        ByteArrayOutputStream received = null;
        String receivedAt = null;
        Map<String, String> action = null;
        for (int i = body; i < lines.size(); i++) {
            byte[] raw = lines.get(i);
            if (raw.length > 0 && raw[0] == '#') {
                if (received != null) {
                    items.add(new Received(received.toByteArray(), receivedAt));
                    received = null;
                }
                String line = new String(raw, StandardCharsets.UTF_8).stripTrailing();
                if (line.startsWith("#= ")) {
                    if (!items.isEmpty()) {
                        connections.add(connection(name, items, lengths, digests));
                        items = new ArrayList<>();
                    }
                    name = line.substring(3).replace("connection", "").trim();
                } else if (line.startsWith("#< ")) {
                    received = new ByteArrayOutputStream();
                    receivedAt = line.substring(3).trim();
                } else if (line.startsWith("#!")) {
                    items.add(new Note(line.substring(2).trim()));
                } else if (line.startsWith("#>")) {
                    String rest = line.length() > 2 ? line.substring(2).trim() : "";
                    if (rest.startsWith("+")) {
                        action = new LinkedHashMap<>();
                    } else if (rest.isEmpty()) {
                        if (action != null && !agi) {
                            items.add(new Sent(action, null));
                        }
                        action = null;
                    } else if (agi) {
                        items.add(new Sent(Map.of(), rest));
                        action = null;
                    } else if (action != null) {
                        int colon = rest.indexOf(':');
                        action.put(rest.substring(0, colon), colon + 2 <= rest.length() ? rest.substring(colon + 2) : "");
                    }
                }
                continue;
            }
            if (received == null) {
                received = new ByteArrayOutputStream();
            }
            received.writeBytes(raw);
        }
        if (received != null) {
            items.add(new Received(received.toByteArray(), receivedAt));
        }
        connections.add(connection(name, items, lengths, digests));
        return new Transcript(file, List.copyOf(connections));
    }

    private static Connection connection(String name, List<Item> items, Map<String, long[]> lengths,
                                          Map<String, String> digests) {
        String key = lengths.containsKey(name) ? name : lengths.keySet().stream().findFirst().orElse(name);
        long[] length = lengths.get(key);
        return new Connection(name, List.copyOf(items), length == null ? -1 : length[0], digests.get(key));
    }

    /** Splits after every LF, keeping the line ends. */
    private static List<byte[]> splitLines(byte[] data) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                byte[] line = new byte[i + 1 - start];
                System.arraycopy(data, start, line, 0, line.length);
                lines.add(line);
                start = i + 1;
            }
        }
        if (start < data.length) {
            byte[] line = new byte[data.length - start];
            System.arraycopy(data, start, line, 0, line.length);
            lines.add(line);
        }
        return lines;
    }

    /** Returns the hex SHA-256 of bytes, to check a connection against the header. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
