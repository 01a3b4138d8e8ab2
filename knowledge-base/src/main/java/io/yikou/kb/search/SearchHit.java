package io.yikou.kb.search;

import io.yikou.kb.article.Article;

/** One matching article with the backend's relevance score (comparable only within one result). */
public record SearchHit(Article article, double score) {
}
