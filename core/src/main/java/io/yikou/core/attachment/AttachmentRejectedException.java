package io.yikou.core.attachment;

/** Raised when a file is refused: unknown format, not the claimed type, or too large. */
public final class AttachmentRejectedException extends RuntimeException {

    /** Reason a file was rejected. */
    public enum Reason { TOO_LARGE, UNSUPPORTED_TYPE, TYPE_MISMATCH, EMPTY }

    private final Reason reason;

    public AttachmentRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
