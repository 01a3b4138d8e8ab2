package io.yikou.kb;

/** No article has the given id. Expected outcome, so no stack trace. */
public final class ArticleNotFoundException extends RuntimeException {

    private final String articleId;

    public ArticleNotFoundException(String articleId) {
        super("no article with id " + articleId, null, false, false);
        this.articleId = articleId;
    }

    public String articleId() {
        return articleId;
    }
}
