package io.yikou.kb.search;

import io.yikou.kb.article.Article;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A full-text index of knowledge-base articles: Lucene embedded in the node, or an Elasticsearch
 * cluster. The article store stays the store of record; a backend can always be rebuilt from it.
 *
 * <p>Methods block (disk or network IO), so callers run them on a worker pool, never on an event
 * loop. Implementations are thread-safe. Failures to reach a remote backend throw
 * {@link SearchUnavailableException}.
 */
public interface SearchBackend extends AutoCloseable {

    /** Short name for logs and health: {@code lucene} or {@code elasticsearch}. */
    String name();

    /** Prepares the index (creates it when missing). Called once before any other method. */
    void open();

    /** Adds or replaces articles by id; the change is searchable when the call returns. */
    void upsert(Collection<Article> articles);

    /** Removes articles by id; unknown ids are ignored. */
    void delete(Collection<String> ids);

    /**
     * Merges the index into as few parts as the engine allows, after a bulk load, so that searches
     * read fewer segments. Blocks until done. The default does nothing, for engines that merge on
     * their own schedule.
     */
    default void compact() {
    }

    /** Returns the id and version of every indexed article, to reconcile with the store. */
    Map<String, Long> indexedVersions();

    /** Runs a search; filters and paging come from the query. */
    SearchPage search(SearchQuery query);

    /**
     * Returns articles whose title contains what an agent has typed so far, best first.
     *
     * @param validOn only articles valid on this day, or {@code null} for all
     */
    List<Article> suggestTitles(String prefix, int limit, LocalDate validOn);

    /**
     * Returns articles related to a free text, such as a ticket description or the last messages
     * of a conversation, best first.
     */
    List<SearchHit> related(String text, int limit, LocalDate validOn);

    /** Sets the ranking factor derived from agents' feedback; 1.0 is neutral. */
    void setFeedbackBoost(Map<String, Double> boostsById);

    /** Reports reachability and size for {@code /health}; never throws. */
    Map<String, Object> health();

    @Override
    void close();
}
