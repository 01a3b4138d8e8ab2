package io.yikou.kb.search;

import io.yikou.kb.article.Article;
import java.util.List;
import java.util.Map;

/**
 * One matching article with the backend's relevance score (comparable only within one result).
 *
 * @param matches where the query matched, by field ({@link ArticleFields#TITLE}, {@link ArticleFields#BODY}),
 *                as offsets into the original text, when the backend can read them from its index;
 *                {@code null} when the {@link Highlighter} has to find them by re-analysing the text
 */
public record SearchHit(Article article, double score, Map<String, List<Span>> matches) {

    public SearchHit(Article article, double score) {
        this(article, score, null);
    }
}
