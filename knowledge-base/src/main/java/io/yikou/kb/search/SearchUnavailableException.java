package io.yikou.kb.search;

/**
 * The search backend cannot be reached or responded with a server error. Retrying later may succeed.
 */
public final class SearchUnavailableException extends RuntimeException {

    private final String backend;

    public SearchUnavailableException(String backend, String message, Throwable cause) {
        super(backend + ": " + message, cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
