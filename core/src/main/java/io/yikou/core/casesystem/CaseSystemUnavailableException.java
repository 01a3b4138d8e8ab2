package io.yikou.core.casesystem;

/** The case system could not be reached, timed out, or responded with 5xx or 429; worth retrying. */
public final class CaseSystemUnavailableException extends CaseSystemException {

    public CaseSystemUnavailableException(String message) {
        super(message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
