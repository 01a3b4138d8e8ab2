package io.yikou.kb.article;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge base's store of record. Search indexes are rebuilt from it, so losing an index
 * loses nothing. Every write also appends an entry to the change stream that nodes follow.
 */
public interface ArticleStore {

    /** Reads one article. */
    Future<Optional<Article>> find(String id);

    /** Reads every article, retired ones included. */
    Future<List<Article>> all();

    /**
     * Stores articles in one atomic step: each is written as version {@code base + 1} only if every
     * article's stored version still equals the base version given for it (0 means "must not exist";
     * {@code -1} means "any", used by imports that replace whole articles).
     *
     * @param baseVersions article id to the version the caller read
     * @return the stored articles with their new versions; fails with
     *         {@link ArticleConflictException} naming the first article that changed meanwhile
     */
    Future<List<Article>> saveAll(List<Article> articles, Map<String, Long> baseVersions);

    /** Records one useful/not-useful vote and returns the article's new totals. */
    Future<Votes> vote(String articleId, boolean useful, String query, String actor);

    /** Reads the vote totals of every article that has any. */
    Future<Map<String, Votes>> allVotes();

    /** Vote totals of one article. */
    record Votes(long useful, long notUseful) {
        public static final Votes NONE = new Votes(0, 0);
    }
}
