package io.yikou.kb;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.analysis.SynonymRules;
import io.yikou.kb.api.KbApi;
import io.yikou.kb.article.Article;
import io.yikou.kb.article.impl.RedisArticleStore;
import io.yikou.kb.history.HistoryApi;
import io.yikou.kb.history.HistoryBus;
import io.yikou.kb.history.TicketHistory;
import io.yikou.kb.search.Highlighter;
import io.yikou.kb.search.SearchBackend;
import io.yikou.kb.search.SearchUnavailableException;
import io.yikou.kb.search.elasticsearch.ElasticsearchBackend;
import io.yikou.kb.search.lucene.LuceneBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge-base module: article search for agents, and ticket history search when enabled.
 */
public final class KbModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(KbModule.class);

    private final ModuleContext context;
    private final KbOptions options;
    private final WorkerExecutor workers;
    private final KnowledgeBase kb;
    private final TicketHistory history;
    private HistoryBus historyBus;
    /** Seconds between attempts to prepare an index that was unreachable at start-up. */
    private static final int RETRY_SECONDS = 30;

    private IndexFollower follower;
    private volatile boolean stopped;

    public KbModule(ModuleContext context, KbOptions options) {
        this.context = context;
        this.options = options;
        this.workers = context.vertx().createSharedWorkerExecutor("kb-search", options.workers());
        KbAnalyzers analyzers = new KbAnalyzers(options.synonymsFile().map(SynonymRules::load)
                .orElseGet(SynonymRules::bundled));
        Path kbDir = options.indexDir().orElse(context.config().dataDir().resolve("kb"));
        SearchBackend backend = KbOptions.ELASTICSEARCH.equals(options.backend())
                ? new ElasticsearchBackend(options.elasticsearch(), options.esIndex(), options.esTimeout(), analyzers)
                : new LuceneBackend(kbDir.resolve("articles"), analyzers);
        this.kb = new KnowledgeBase(new RedisArticleStore(context.redis(), context.clock()), backend,
                new Highlighter(analyzers), workers, context.clock(), options);
        this.history = options.historyEnabled()
                ? new TicketHistory(context, kbDir.resolve("tickets"), analyzers, workers, options.zone())
                : null;
    }

    @Override
    public String name() {
        return "knowledge-base";
    }

    public KnowledgeBase knowledgeBase() {
        return kb;
    }

    public TicketHistory history() {
        return history;
    }

    @Override
    public void mount(Router router) {
        new KbApi(kb, context.staffAuth(), options.maxQueryLength()).mount(router);
        if (history != null) {
            new HistoryApi(history, context.staffAuth(), context.audit(), context.clock(), options.maxQueryLength()).mount(router);
        }
    }

    /**
     * Starts search and history. An unreachable Elasticsearch does not stop the node, so agents can
     * still take calls. Searches then return 503 {@code kb_unavailable}, health shows the backend
     * down, and preparing the index is retried on a timer until the cluster responds.
     */
    @Override
    public Future<Void> start() {
        Future<Void> search = startSearch().recover(error -> {
            if (!(error instanceof SearchUnavailableException)) {
                return Future.failedFuture(error);
            }
            LOG.error("Knowledge-base search is unavailable at start-up ({}); retrying in {} s", error.getMessage(),
                    RETRY_SECONDS);
            scheduleRetry();
            return Future.succeededFuture();
        });
        return search.compose(v -> history == null ? Future.succeededFuture() : history.start()
                .onSuccess(started -> historyBus = new HistoryBus(context.vertx(), history)));
    }

    private Future<Void> startSearch() {
        boolean followChanges = KbOptions.LUCENE.equals(options.backend());
        Future<String> from = followChanges ? IndexFollower.newestEntry(context.redis()) : Future.succeededFuture("0-0");
        return from.compose(newest -> loadStarterArticles()
                .compose(kb::start)
                .onSuccess(v -> {
                    if (followChanges) {
                        follower = new IndexFollower(context.vertx(), context.redis(), kb);
                        follower.start(newest);
                    }
                    LOG.info("Knowledge base started with the {} backend", kb.backend().name());
                }));
    }

    private void scheduleRetry() {
        if (stopped) {
            return;
        }
        context.vertx().setTimer(RETRY_SECONDS * 1000L, id -> startSearch().onFailure(error -> {
            LOG.warn("Knowledge-base search still unavailable: {}; retrying in {} s", error.getMessage(), RETRY_SECONDS);
            scheduleRetry();
        }));
    }

    private Future<List<Article>> loadStarterArticles() {
        if (!options.demoContent()) {
            return Future.succeededFuture(List.of());
        }
        return kb.blocking(StarterArticles::load);
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (follower != null) {
            follower.stop();
        }
        if (historyBus != null) {
            historyBus.close();
        }
        Future<Void> historyStopped = history == null ? Future.succeededFuture() : history.stop();
        return historyStopped.compose(v -> kb.<Void>blocking(() -> {
            kb.backend().close();
            return null;
        })).onComplete(v -> workers.close());
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/kb/api/openapi.json";
    }

    @Override
    public Future<JsonObject> health() {
        Future<Map<String, Object>> search = kb.health();
        Future<JsonObject> tickets = history == null ? Future.succeededFuture(null) : history.health();
        return Future.all(search, tickets).map(all -> {
            JsonObject report = new JsonObject(search.result());
            if (tickets.result() != null) {
                report.put("history", tickets.result());
            }
            return report;
        });
    }
}
