package io.yikou.core.casesystem;

/**
 * Root of case-system failures. {@link #isRetriable()} tells the router whether to try again
 * (connection errors, timeouts, 5xx) or to stop and show the ticket to supervisors (4xx). Carries no
 * stack trace: these are outcomes of talking to another system, not bugs of ours.
 */
public abstract class CaseSystemException extends RuntimeException {

    protected CaseSystemException(String message) {
        super(message, null, false, false);
    }

    /** Tells whether sending the same request again may succeed. */
    public abstract boolean isRetriable();
}
