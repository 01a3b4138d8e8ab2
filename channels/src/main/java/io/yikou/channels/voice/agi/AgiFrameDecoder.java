package io.yikou.channels.voice.agi;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Frames what Asterisk sends on a FastAGI connection, with bounds.
 *
 * <p>The session opens with {@code agi_name: value} lines ended by an empty line; after that every
 * line is a reply to a command, or {@code HANGUP} when the caller hung up (sent on its own, before
 * the reply to the command in flight). A {@code 520-} reply runs over several lines up to the line
 * starting {@code 520 }. Lines end with LF; a CR before it is dropped.
 *
 * <p>A line longer than {@code maxLineBytes} is discarded up to its LF and reported; the connection
 * goes on. Not thread-safe: one instance per connection, fed from its event loop.
 */
public final class AgiFrameDecoder {

    /** What the decoder reports. */
    public interface Listener {
        void onEnvironment(String name, String value);

        /** The empty line that ends the environment block. */
        void onEnvironmentEnd();

        /** A line in the environment block that is not {@code agi_name: value}. */
        void onMalformedEnvironmentLine(String line);

        /** A variable whose bytes are not UTF-8; the value is reported empty, the raw bytes in hex. */
        default void onInvalidUtf8(String name, String hex) {
        }

        void onReply(String reply);

        void onHangup();

        void onOversizeLine(long droppedBytes);
    }

    private enum State { ENVIRONMENT, REPLIES }

    private final int maxLineBytes;
    private final int maxBlockLines;
    private final Listener listener;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private State state = State.ENVIRONMENT;
    private final byte[] line;
    private int lineLength;
    private boolean discarding;
    private long discarded;
    private StringBuilder block;
    private int blockLines;

    /**
     * @param maxBlockLines most lines accepted in one multi-line {@code 520} reply
     */
    public AgiFrameDecoder(int maxLineBytes, int maxBlockLines, Listener listener) {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: 64 or more)");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxBlockLines = maxBlockLines;
        this.listener = listener;
        this.line = new byte[maxLineBytes];
    }

    public void feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (discarding) {
                    discarding = false;
                    listener.onOversizeLine(discarded + 1);
                    discarded = 0;
                } else {
                    endOfLine();
                }
                lineLength = 0;
                continue;
            }
            if (discarding) {
                discarded++;
                continue;
            }
            if (lineLength == maxLineBytes) {
                discarding = true;
                discarded = lineLength + 1;
                lineLength = 0;
                continue;
            }
            line[lineLength++] = b;
        }
    }

    /** Tells whether a partial line is buffered. */
    public boolean hasPartialData() {
        return lineLength > 0 || discarding || block != null;
    }

    public boolean inEnvironment() {
        return state == State.ENVIRONMENT;
    }

    private void endOfLine() {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (state == State.ENVIRONMENT) {
            environmentLine(length);
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (block != null) {
            block.append('\n').append(text);
            blockLines++;
            if (text.startsWith("520 ") || blockLines >= maxBlockLines) {
                String complete = block.toString();
                block = null;
                listener.onReply(complete);
            }
            return;
        }
        if (text.equals("HANGUP")) {
            listener.onHangup();
            return;
        }
        if (text.startsWith("520-")) {
            block = new StringBuilder(text);
            blockLines = 1;
            return;
        }
        if (!text.isEmpty()) {
            listener.onReply(text);
        }
    }

    private void environmentLine(int length) {
        if (length == 0) {
            state = State.REPLIES;
            listener.onEnvironmentEnd();
            return;
        }
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String name = colon < 0 ? null : new String(line, 0, colon, StandardCharsets.ISO_8859_1);
        if (name == null || !name.startsWith("agi_")) {
            listener.onMalformedEnvironmentLine(new String(line, 0, Math.min(length, 80), StandardCharsets.UTF_8));
            return;
        }
        int valueStart = colon + 1 < length && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
        try {
            String value = utf8.reset().decode(ByteBuffer.wrap(line, valueStart, length - valueStart)).toString();
            listener.onEnvironment(name, value);
        } catch (CharacterCodingException e) {
            listener.onInvalidUtf8(name, HexFormat.of().formatHex(line, valueStart, length));
            listener.onEnvironment(name, "");
        }
    }
}
