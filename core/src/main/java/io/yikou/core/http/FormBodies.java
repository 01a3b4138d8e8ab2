package io.yikou.core.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code application/x-www-form-urlencoded} bodies strictly: a malformed percent escape is
 * an error and so is any byte sequence that is not UTF-8. The decoders in Netty and the JDK turn both
 * into U+FFFD or drop them, which stores damaged text without telling anyone.
 */
public final class FormBodies {

    /** Maximum number of fields in one body; more are rejected so a body cannot flood the field map. */
    public static final int MAX_FIELDS = 256;

    private FormBodies() {
    }

    /**
     * Returns the fields of an urlencoded body, in body order, with repeated names kept.
     *
     * @throws ApiException 400 {@code malformed_form} for a bad percent escape or too many fields,
     *                      400 {@code invalid_utf8} when a name or value is not UTF-8
     */
    public static MultiMap urlEncoded(Buffer body) {
        MultiMap fields = MultiMap.caseInsensitiveMultiMap();
        if (body == null || body.length() == 0) {
            return fields;
        }
        byte[] bytes = body.getBytes();
        int start = 0;
        int count = 0;
        while (start <= bytes.length) {
            int end = indexOf(bytes, (byte) '&', start, bytes.length);
            if (end > start) {
                if (++count > MAX_FIELDS) {
                    throw ApiException.badRequest("malformed_form");
                }
                int equals = indexOf(bytes, (byte) '=', start, end);
                String name = decode(bytes, start, equals);
                String value = equals == end ? "" : decode(bytes, equals + 1, end);
                fields.add(name, value);
            }
            start = end + 1;
        }
        return fields;
    }

    /** Returns the index of {@code target} in {@code [from, to)}, or {@code to} when absent. */
    private static int indexOf(byte[] bytes, byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return to;
    }

    private static String decode(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw ApiException.badRequest("malformed_form");
                }
                int high = Character.digit(bytes[i + 1], 16);
                int low = Character.digit(bytes[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw ApiException.badRequest("malformed_form");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_utf8");
        }
    }
}
