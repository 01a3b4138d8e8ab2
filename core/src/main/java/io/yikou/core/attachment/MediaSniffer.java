package io.yikou.core.attachment;

import java.util.Optional;

/**
 * Detects a file's media type from its first bytes (its magic number), so a file is judged by what
 * it is and not by the type a client claims.
 */
public final class MediaSniffer {

    private MediaSniffer() {
    }

    /** Returns the detected media type, or empty when the bytes match no known format. */
    public static Optional<String> detect(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (startsWith(head, 0, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        // ISO base media files carry "ftyp" at offset 4 and the brand after it.
        if (startsWith(head, 4, 'f', 't', 'y', 'p') && head.length >= 12) {
            String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return switch (brand) {
                case "heic", "heix", "mif1", "msf1" -> Optional.of("image/heic");
                default -> Optional.of("video/mp4");
            };
        }
        // AMR-WB files start "#!AMR-WB\n", narrow-band AMR (WeChat's voice format) "#!AMR\n".
        if (startsWith(head, 0, '#', '!', 'A', 'M', 'R', '-', 'W', 'B')) {
            return Optional.of("audio/amr-wb");
        }
        if (startsWith(head, 0, '#', '!', 'A', 'M', 'R')) {
            return Optional.of("audio/amr");
        }
        // Ogg pages carry Speex (WeChat's high-quality voice) as well as Vorbis and Opus.
        if (startsWith(head, 0, 'O', 'g', 'g', 'S')) {
            return Optional.of("audio/ogg");
        }
        if (startsWith(head, 0, 'I', 'D', '3') || startsWith(head, 0, 0xFF, 0xFB)) {
            return Optional.of("audio/mpeg");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, int... expected) {
        if (data.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
