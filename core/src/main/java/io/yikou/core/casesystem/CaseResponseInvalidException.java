package io.yikou.core.casesystem;

/**
 * The case system reported success with a body the connector cannot read. The case may exist, so
 * the router retries with the same idempotency key, which lets the case system return it again.
 */
public final class CaseResponseInvalidException extends CaseSystemException {

    public CaseResponseInvalidException(String message) {
        super(message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
