package io.yikou.channels.voice.ami;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames the AMI byte stream of one connection into packets, with bounds.
 *
 * <p>AMI sends one banner line when the connection opens, then packets of {@code Key: Value} lines
 * ended by CRLF, each packet ended by an empty line. Bare LF line ends are accepted too. A line
 * longer than {@code maxLineBytes} or a packet larger than {@code maxPacketBytes} is dropped whole:
 * the decoder discards bytes up to the end of that packet, reports it once through
 * {@link Listener#onOversizePacket}, and goes on with the next packet, so one bad packet never
 * costs the connection.
 *
 * <p>Bytes may arrive split anywhere, one at a time included. Not thread-safe: one instance per
 * connection, fed from that connection's event loop.
 */
public final class AmiFrameDecoder {

    /** Receives decoded packets and reports dropped ones. */
    public interface Listener {
        /** The first line of the connection, such as {@code Asterisk Call Manager/11.0.0}. */
        void onBanner(String banner);

        void onMessage(AmiMessage message);

        /** A packet over a size limit was dropped; {@code droppedBytes} counts what was discarded. */
        void onOversizePacket(long droppedBytes, String reason);
    }

    private enum State { BANNER, HEADERS, SKIPPING }

    private static final int KEY_CACHE_SIZE = 512;

    private final int maxLineBytes;
    private final int maxPacketBytes;
    private final Listener listener;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private State state;
    private byte[] line;
    private int lineLength;
    private int packetBytes;
    private long skippedBytes;
    private String skipReason;
    private boolean skipLineEmpty = true;
    private final List<String> keys = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private Map<String, String> invalid;
    private final String[] keyCache = new String[KEY_CACHE_SIZE];

    /**
     * @param expectBanner {@code true} for a connection to Asterisk, which starts with a banner line
     */
    public AmiFrameDecoder(int maxLineBytes, int maxPacketBytes, boolean expectBanner, Listener listener) {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: 64 or more)");
        }
        if (maxPacketBytes < maxLineBytes) {
            throw new IllegalArgumentException("maxPacketBytes: " + maxPacketBytes
                    + " (expected: at least maxLineBytes " + maxLineBytes + ")");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxPacketBytes = maxPacketBytes;
        this.listener = listener;
        this.state = expectBanner ? State.BANNER : State.HEADERS;
        this.line = new byte[Math.min(256, maxLineBytes)];
    }

    public void feed(Buffer chunk) {
        feed(chunk.getBytes());
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (state == State.SKIPPING) {
                skip(b);
                continue;
            }
            if (b == '\n') {
                endOfLine();
                continue;
            }
            if (lineLength == maxLineBytes) {
                startSkipping("line longer than " + maxLineBytes + " bytes");
                skip(b);
                continue;
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[lineLength++] = b;
        }
    }

    /** Tells whether a partial line or packet is buffered; {@code false} at a packet boundary. */
    public boolean hasPartialData() {
        return lineLength > 0 || !keys.isEmpty() || state == State.SKIPPING;
    }

    private void endOfLine() {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        lineLength = 0;
        if (state == State.BANNER) {
            state = State.HEADERS;
            listener.onBanner(new String(line, 0, length, StandardCharsets.UTF_8));
            return;
        }
        if (length == 0) {
            endOfPacket();
            return;
        }
        packetBytes += length + 2;
        if (packetBytes > maxPacketBytes) {
            startSkipping("packet larger than " + maxPacketBytes + " bytes");
            skipLineEmpty = true;
            return;
        }
        header(length);
    }

    private void header(int length) {
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        // Protocol fact: exactly one space follows the colon; the value may itself contain colons.
        String key;
        int valueStart;
        if (colon < 0) {
            key = "";
            valueStart = 0;
        } else {
            key = key(colon);
            valueStart = colon + 1;
            if (valueStart < length && line[valueStart] == ' ') {
                valueStart++;
            }
        }
        keys.add(key);
        values.add(value(key, valueStart, length));
    }

    private String ascii(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the header name, reusing the String from an earlier packet: AMI repeats a few dozen
     * names in every event, so this saves most of the decoder's allocations.
     */
    private String key(int length) {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + line[i];
        }
        int slot = hash & (KEY_CACHE_SIZE - 1);
        String cached = keyCache[slot];
        if (cached != null && cached.length() == length) {
            boolean same = true;
            for (int i = 0; i < length; i++) {
                if (cached.charAt(i) != (char) (line[i] & 0xff)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return cached;
            }
        }
        String key = ascii(0, length);
        keyCache[slot] = key;
        return key;
    }

    private String value(String key, int from, int to) {
        boolean asciiOnly = true;
        for (int i = from; i < to; i++) {
            if (line[i] < 0) {
                asciiOnly = false;
                break;
            }
        }
        if (asciiOnly) {
            return ascii(from, to);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            if (invalid == null) {
                invalid = new LinkedHashMap<>();
            }
            invalid.put(key, HexFormat.of().formatHex(line, from, to));
            return new String(line, from, to - from, StandardCharsets.UTF_8);
        }
    }

    private void endOfPacket() {
        if (keys.isEmpty()) {
            packetBytes = 0;
            return;
        }
        AmiMessage message = new AmiMessage(keys.toArray(String[]::new), values.toArray(String[]::new), invalid);
        keys.clear();
        values.clear();
        invalid = null;
        packetBytes = 0;
        listener.onMessage(message);
    }

    private void startSkipping(String reason) {
        state = State.SKIPPING;
        skipReason = reason;
        skippedBytes = packetBytes + lineLength;
        skipLineEmpty = false;
        keys.clear();
        values.clear();
        invalid = null;
        lineLength = 0;
        packetBytes = 0;
    }

    /** Discards bytes until an empty line ends the oversize packet. */
    private void skip(byte b) {
        skippedBytes++;
        if (b == '\n') {
            if (skipLineEmpty) {
                state = State.HEADERS;
                listener.onOversizePacket(skippedBytes, skipReason);
                skippedBytes = 0;
                skipReason = null;
                return;
            }
            skipLineEmpty = true;
            return;
        }
        if (b != '\r') {
            skipLineEmpty = false;
        }
    }
}
