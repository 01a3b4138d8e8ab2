package io.yikou.core.http;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes request bodies as UTF-8 and rejects malformed bytes, where the usual decoding silently
 * turns them into U+FFFD and stores a damaged text.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /**
     * Decodes the buffer.
     *
     * @throws ApiException 400 {@code invalid_utf8} when the bytes are not valid UTF-8
     */
    public static String decode(Buffer body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_utf8");
        }
    }

    /** Tells whether a Java string contains a lone surrogate, which cannot be encoded as UTF-8. */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
