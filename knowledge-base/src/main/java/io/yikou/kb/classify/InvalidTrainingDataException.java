package io.yikou.kb.classify;

/**
 * A labelled data file that cannot be used for training or evaluation; the message names the file
 * and the offending lines. Carries no stack trace: it reports bad input, not a bug.
 */
public final class InvalidTrainingDataException extends RuntimeException {

    public InvalidTrainingDataException(String message) {
        super(message, null, false, false);
    }
}
