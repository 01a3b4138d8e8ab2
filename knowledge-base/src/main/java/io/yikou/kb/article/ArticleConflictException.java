package io.yikou.kb.article;

/** An article changed (or appeared) after the caller read it. Expected outcome, so no stack trace. */
public final class ArticleConflictException extends RuntimeException {

    private final String articleId;
    private final long storedVersion;

    public ArticleConflictException(String articleId, long storedVersion) {
        super("article " + articleId + " is at version " + storedVersion + " now; read it again and retry",
                null, false, false);
        this.articleId = articleId;
        this.storedVersion = storedVersion;
    }

    public String articleId() {
        return articleId;
    }

    /** Version now stored, 0 when the article does not exist. */
    public long storedVersion() {
        return storedVersion;
    }
}
