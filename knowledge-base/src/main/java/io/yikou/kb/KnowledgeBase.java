package io.yikou.kb;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.yikou.kb.article.Article;
import io.yikou.kb.article.ArticleImporter;
import io.yikou.kb.article.ArticleStore;
import io.yikou.kb.article.ImportFormat;
import io.yikou.kb.search.ArticleFields;
import io.yikou.kb.search.Fragment;
import io.yikou.kb.search.Highlighter;
import io.yikou.kb.search.SearchBackend;
import io.yikou.kb.search.SearchHit;
import io.yikou.kb.search.SearchPage;
import io.yikou.kb.search.SearchQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base behind the API: articles in the store of record, searched through a
 * {@link SearchBackend}, with highlighting and feedback ranking.
 *
 * <p>Every backend call runs on the knowledge base's worker pool, so nothing here blocks an event
 * loop. Writes go to the store first and then to the local index; other nodes learn of them from the
 * change stream (see {@link IndexFollower}). Thread-safe.
 */
public final class KnowledgeBase {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);

    /** Characters of body text around matches shown per fragment. */
    private static final int FRAGMENT_SIZE = 120;
    private static final int FRAGMENTS = 2;
    /** Articles indexed in one call from which the index is compacted afterwards (a bulk load). */
    private static final int BULK_LOAD = 1000;

    private final ArticleStore store;
    private final SearchBackend backend;
    private final Highlighter highlighter;
    private final WorkerExecutor workers;
    private final Clock clock;
    private final KbOptions options;
    private final ArticleImporter importer = new ArticleImporter();

    public KnowledgeBase(ArticleStore store, SearchBackend backend, Highlighter highlighter, WorkerExecutor workers,
                         Clock clock, KbOptions options) {
        this.store = store;
        this.backend = backend;
        this.highlighter = highlighter;
        this.workers = workers;
        this.clock = clock;
        this.options = options;
    }

    public SearchBackend backend() {
        return backend;
    }

    public ArticleStore store() {
        return store;
    }

    /** Today in the configured zone: the day validity and reviews are judged by. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(options.zone()));
    }

    /**
     * Opens the index and brings it in line with the store: loads the starter articles into an empty
     * store when configured, indexes what is missing or stale, drops what the store no longer has,
     * and applies feedback boosts.
     */
    public Future<Void> start(List<Article> starterArticles) {
        return blocking(() -> {
            backend.open();
            return null;
        }).compose(v -> store.all()).compose(articles -> {
            if (articles.isEmpty() && options.demoContent() && !starterArticles.isEmpty()) {
                LOG.info("Knowledge base is empty; loading {} starter articles", starterArticles.size());
                return store.saveAll(starterArticles, Map.of());
            }
            return Future.succeededFuture(articles);
        }).compose(this::reconcile).compose(v -> refreshAllFeedback());
    }

    /** Indexes articles whose stored version differs from the indexed one; deletes orphans. */
    public Future<Void> reconcile(List<Article> articles) {
        return blocking(() -> {
            Map<String, Long> indexed = backend.indexedVersions();
            List<Article> stale = new ArrayList<>();
            Set<String> known = new HashSet<>();
            for (Article article : articles) {
                known.add(article.id());
                Long version = indexed.get(article.id());
                if (version == null || version != article.version()) {
                    stale.add(article);
                }
            }
            List<String> orphans = indexed.keySet().stream().filter(id -> !known.contains(id)).toList();
            for (int from = 0; from < stale.size(); from += 1000) {
                backend.upsert(stale.subList(from, Math.min(stale.size(), from + 1000)));
            }
            backend.delete(orphans);
            if (stale.size() >= BULK_LOAD) {
                backend.compact();
            }
            LOG.info("Knowledge-base index ({}) reconciled: {} articles, {} reindexed, {} removed", backend.name(),
                    articles.size(), stale.size(), orphans.size());
            return null;
        });
    }

    /** A search hit with its highlighted title and body fragments. */
    public record Result(SearchHit hit, Fragment title, List<Fragment> body) {
    }

    /** A page of highlighted results. */
    public record ResultPage(long total, List<Result> results) {
    }

    /** Searches and highlights; the text must already be checked by {@code QueryText}. */
    public Future<ResultPage> search(SearchQuery query) {
        return blocking(() -> {
            SearchPage page = backend.search(query);
            // Analysed only when a hit comes without match offsets, which the Lucene backend usually gives.
            Highlighter.QueryTerms terms = null;
            List<Result> results = new ArrayList<>(page.hits().size());
            for (SearchHit hit : page.hits()) {
                Article article = hit.article();
                if (hit.matches() != null) {
                    // The backend read the match offsets from its index; no need to analyse the text again.
                    results.add(new Result(hit, Highlighter.whole(article.title(), hit.matches().get(ArticleFields.TITLE)),
                            Highlighter.fragments(article.body(), hit.matches().get(ArticleFields.BODY), FRAGMENTS,
                                    FRAGMENT_SIZE)));
                } else {
                    if (terms == null) {
                        terms = highlighter.termsOf(query.text());
                    }
                    results.add(new Result(hit, highlighter.whole(article.title(), terms),
                            highlighter.fragments(article.body(), terms, FRAGMENTS, FRAGMENT_SIZE)));
                }
            }
            return new ResultPage(page.total(), results);
        });
    }

    /** Title autocomplete among currently valid articles, best first. */
    public Future<List<Article>> suggestArticles(String typed, int limit) {
        LocalDate today = today();
        return blocking(() -> backend.suggestTitles(typed, limit, today));
    }

    /** Currently valid articles related to a conversation or ticket text. */
    public Future<List<SearchHit>> related(String text, int limit) {
        LocalDate today = today();
        return blocking(() -> backend.related(text, limit, today));
    }

    /** Reads one article from the store. */
    public Future<Optional<Article>> find(String id) {
        return store.find(id);
    }

    /**
     * Stores articles and indexes them here; {@code baseVersions} as in {@link ArticleStore#saveAll}.
     */
    public Future<List<Article>> save(List<Article> articles, Map<String, Long> baseVersions) {
        return store.saveAll(articles, baseVersions)
                .compose(stored -> blocking(() -> {
                    for (int from = 0; from < stored.size(); from += 1000) {
                        backend.upsert(stored.subList(from, Math.min(stored.size(), from + 1000)));
                    }
                    if (stored.size() >= BULK_LOAD) {
                        backend.compact();
                    }
                    return stored;
                }));
    }

    /** Parses an import file and stores every article in it, or none (see {@link ArticleImporter}). */
    public Future<List<Article>> importFile(ImportFormat format, String text, String source) {
        return blocking(() -> importer.parse(format, text, source))
                .compose(articles -> save(articles, Map.of()))
                .onSuccess(stored -> LOG.info("Imported {} articles from {}", stored.size(), source));
    }

    /** Marks an article retired: it stays in the store and leaves search results. */
    public Future<Article> retire(String id, long baseVersion) {
        return store.find(id).compose(found -> {
            Article current = found.orElseThrow(() -> new ArticleNotFoundException(id));
            return save(List.of(current.retire()), Map.of(id, baseVersion)).map(list -> list.get(0));
        });
    }

    /** Records a vote and, when feedback ranking is on, updates the article's ranking factor. */
    public Future<ArticleStore.Votes> feedback(String articleId, boolean useful, String query, String actor) {
        return store.find(articleId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new ArticleNotFoundException(articleId));
            }
            return store.vote(articleId, useful, query, actor);
        }).compose(votes -> applyFeedback(Map.of(articleId, votes)).map(votes));
    }

    /** Articles of an owner (or of everyone, for {@code null}) whose review is overdue, oldest first. */
    public Future<List<Article>> overdueReviews(String owner) {
        LocalDate today = today();
        return store.all().map(articles -> articles.stream()
                .filter(a -> a.isReviewOverdue(today))
                .filter(a -> owner == null || owner.equals(a.owner()))
                .sorted(Comparator.comparing(Article::reviewDue))
                .toList());
    }

    /** Re-reads one article from the store and indexes it here, for changes made on other nodes. */
    public Future<Void> reindexFromStore(String id) {
        return store.find(id).compose(found -> blocking(() -> {
            if (found.isPresent()) {
                backend.upsert(List.of(found.get()));
            } else {
                backend.delete(List.of(id));
            }
            return null;
        }));
    }

    /** Reloads every vote total into the index. */
    public Future<Void> refreshAllFeedback() {
        return store.allVotes().compose(this::applyFeedback);
    }

    /** Reloads one article's vote totals into the index. */
    public Future<Void> refreshFeedback(String id) {
        return store.allVotes().compose(all -> applyFeedback(Map.of(id, all.getOrDefault(id, ArticleStore.Votes.NONE))));
    }

    private Future<Void> applyFeedback(Map<String, ArticleStore.Votes> votes) {
        if (!options.feedbackRanking() || votes.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, Double> boosts = new HashMap<>();
        votes.forEach((id, v) -> boosts.put(id, boost(v)));
        return blocking(() -> {
            backend.setFeedbackBoost(boosts);
            return null;
        });
    }

    /**
     * Ranking factor from votes: 1.0 with no votes, rising towards 1.2 with many more useful than
     * not-useful votes and falling towards 0.8 in the opposite case, so feedback reorders close
     * results but never buries a strong match.
     */
    public static double boost(ArticleStore.Votes votes) {
        return 1.0 + 0.2 * Math.tanh((votes.useful() - votes.notUseful()) / 5.0);
    }

    /** Reports the backend's health, run on the worker pool. */
    public Future<Map<String, Object>> health() {
        return blocking(backend::health);
    }

    /** Runs blocking work on the knowledge base's worker pool, in parallel with other calls. */
    public <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }
}
