package io.yikou.core.http;

import java.util.List;

/**
 * One invalid request field.
 *
 * @param field      the field name as the client sent it, such as {@code description} or {@code photos[2]}
 * @param code       machine-readable reason, such as {@code required} or {@code too_long}
 * @param messageKey message bundle key for the human-readable text
 * @param args       arguments for the message, such as a maximum length
 */
public record FieldError(String field, String code, String messageKey, List<Object> args) {

    public FieldError {
        args = List.copyOf(args);
    }

    public static FieldError of(String field, String code, Object... args) {
        return new FieldError(field, code, "field." + code, List.of(args));
    }
}
