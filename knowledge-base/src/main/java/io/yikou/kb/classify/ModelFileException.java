package io.yikou.kb.classify;

import java.nio.file.Path;

/**
 * A classifier model file that is missing, unreadable, damaged or of an unsupported format. The
 * message names the file and the reason. Carries no stack trace of its own; the cause, if any, has one.
 */
public final class ModelFileException extends RuntimeException {

    private final transient Path file;

    public ModelFileException(Path file, String reason, Throwable cause) {
        super("classifier model file " + file + ": " + reason, cause, false, false);
        this.file = file;
    }

    public ModelFileException(Path file, String reason) {
        this(file, reason, null);
    }

    public Path file() {
        return file;
    }
}
