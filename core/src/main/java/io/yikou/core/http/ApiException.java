package io.yikou.core.http;

import java.util.List;

/**
 * A request failure with an HTTP status and a message for people. Thrown or passed to
 * {@code RoutingContext.fail}; {@link ErrorResponder} renders it as JSON in the caller's language.
 * Carries no stack trace: these are expected outcomes, not bugs.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String messageKey;
    private final List<Object> args;
    private final List<FieldError> fields;

    /**
     * @param status     HTTP status
     * @param code       machine-readable error code, such as {@code ticket_not_found}
     * @param messageKey message bundle key for the human-readable text
     * @param fields     invalid fields, empty when the failure is not about fields
     * @param args       arguments for the message
     */
    public ApiException(int status, String code, String messageKey, List<FieldError> fields, Object... args) {
        super(code + " (" + status + ")", null, false, false);
        this.status = status;
        this.code = code;
        this.messageKey = messageKey;
        this.args = List.of(args);
        this.fields = List.copyOf(fields);
    }

    public static ApiException of(int status, String code, Object... args) {
        return new ApiException(status, code, "error." + code, List.of(), args);
    }

    public static ApiException badRequest(String code, Object... args) {
        return of(400, code, args);
    }

    public static ApiException notFound(String code, Object... args) {
        return of(404, code, args);
    }

    /** Creates a 400 listing every invalid field. */
    public static ApiException invalid(List<FieldError> fields) {
        return new ApiException(400, "validation_failed", "error.validation_failed", fields);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String messageKey() {
        return messageKey;
    }

    public List<Object> args() {
        return args;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
