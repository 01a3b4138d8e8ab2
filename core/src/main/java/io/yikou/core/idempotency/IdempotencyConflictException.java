package io.yikou.core.idempotency;

/** Raised when an idempotency key is reused for a request with different content. */
public final class IdempotencyConflictException extends RuntimeException {

    private final String existingId;

    public IdempotencyConflictException(String existingId) {
        super("idempotency key already used for record " + existingId + " with different content",
                null, false, false);
        this.existingId = existingId;
    }

    public String existingId() {
        return existingId;
    }
}
