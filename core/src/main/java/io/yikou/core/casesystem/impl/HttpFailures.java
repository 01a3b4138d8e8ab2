package io.yikou.core.casesystem.impl;

import io.vertx.core.VertxException;
import io.yikou.core.casesystem.CaseRejectedException;
import io.yikou.core.casesystem.CaseSystemException;
import io.yikou.core.casesystem.CaseSystemUnavailableException;

/** Maps HTTP outcomes of a case-system call to the case-system exception types. */
final class HttpFailures {

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private HttpFailures() {
    }

    /** Maps a transport failure (connection refused or reset, timeout) to a retriable exception. */
    static CaseSystemException transport(String what, Throwable error) {
        boolean timedOut = error instanceof java.util.concurrent.TimeoutException
                || (error instanceof VertxException && String.valueOf(error.getMessage()).contains("timeout"));
        String kind = timedOut ? "timed out" : "failed";
        return new CaseSystemUnavailableException(what + " " + kind + ": " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " " + error.getMessage()));
    }

    /** Maps a non-success HTTP status to a retriable (5xx, 429, 408) or final (other 4xx) exception. */
    static CaseSystemException status(String what, int status, String detail) {
        String message = what + " responded with HTTP " + status + (detail == null || detail.isBlank() ? ""
                : ": " + shorten(detail));
        if (status >= 500 || status == 429 || status == 408) {
            return new CaseSystemUnavailableException(message);
        }
        return new CaseRejectedException(status, message);
    }

    static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
