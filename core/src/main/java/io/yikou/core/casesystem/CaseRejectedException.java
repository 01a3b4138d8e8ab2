package io.yikou.core.casesystem;

/** The case system refused the request (4xx); sending it again unchanged will not help. */
public final class CaseRejectedException extends CaseSystemException {

    private final int status;

    public CaseRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Returns the HTTP status of the case system's response. */
    public int status() {
        return status;
    }

    @Override
    public boolean isRetriable() {
        return false;
    }
}
