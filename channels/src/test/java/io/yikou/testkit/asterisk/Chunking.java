package io.yikou.testkit.asterisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** How a fake peer splits the bytes it sends into separate socket writes. */
public interface Chunking {

    List<byte[]> split(byte[] bytes);

    /** One write per recorded message. */
    static Chunking whole() {
        return bytes -> List.of(bytes);
    }

    /** One write per byte. */
    static Chunking byteByByte() {
        return bytes -> {
            List<byte[]> chunks = new ArrayList<>(bytes.length);
            for (byte b : bytes) {
                chunks.add(new byte[] {b});
            }
            return chunks;
        };
    }

    /**
     * Splits at awkward places: between CR and LF, inside multi-byte UTF-8 characters, just after a
     * colon, plus random cuts from a seeded generator.
     */
    static Chunking awkward(long seed) {
        Random random = new Random(seed);
        return bytes -> {
            List<byte[]> chunks = new ArrayList<>();
            int start = 0;
            for (int i = 1; i < bytes.length; i++) {
                boolean awkwardPlace = (bytes[i - 1] == '\r' && bytes[i] == '\n')
                        || ((bytes[i] & 0xC0) == 0x80)
                        || bytes[i - 1] == ':';
                if ((awkwardPlace && random.nextInt(3) == 0) || random.nextInt(97) == 0) {
                    chunks.add(java.util.Arrays.copyOfRange(bytes, start, i));
                    start = i;
                }
            }
            chunks.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
            return chunks;
        };
    }
}
