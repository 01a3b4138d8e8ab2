package io.yikou.kb.search.elasticsearch;

import static io.yikou.kb.search.ArticleFields.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.json.JsonCodec;
import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.article.Article;
import io.yikou.kb.search.RelatedText;
import io.yikou.kb.search.SearchBackend;
import io.yikou.kb.search.SearchHit;
import io.yikou.kb.search.SearchPage;
import io.yikou.kb.search.SearchQuery;
import io.yikou.kb.search.SearchUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SearchBackend} on Elasticsearch through the low-level REST client with JSON bodies, so it
 * works with servers from 7.10 to 9.x. The index is created with {@link EsMapping} on first use.
 *
 * <p>Queries mirror the Lucene backend's field for field and boost for boost; the difference is the
 * word-level field, which Elasticsearch analyses as single characters because the smartcn plugin is
 * not installed on a stock node (see {@code docs/knowledge-base.md}). Connection failures and 5xx
 * responses throw {@link SearchUnavailableException}. Thread-safe.
 */
public final class ElasticsearchBackend implements SearchBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBackend.class);
    private static final int BULK_BATCH = 500;

    private final RestClient client;
    private final String index;
    private final KbAnalyzers analyzers;
    private final String endpoints;

    public ElasticsearchBackend(List<URI> urls, String index, Duration timeout, KbAnalyzers analyzers) {
        HttpHost[] hosts = urls.stream().map(u -> new HttpHost(u.getHost(), u.getPort(), u.getScheme()))
                .toArray(HttpHost[]::new);
        this.client = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) Math.min(timeout.toMillis(), 5_000))
                        .setSocketTimeout((int) timeout.toMillis()))
                .build();
        this.index = index;
        this.analyzers = analyzers;
        this.endpoints = urls.toString();
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public void open() {
        Response exists = perform("HEAD", "/" + index, null, 404);
        if (exists.getStatusLine().getStatusCode() == 404) {
            perform("PUT", "/" + index, EsMapping.indexDefinition(analyzers.synonyms()).encode());
            LOG.info("Created Elasticsearch index {} at {}", index, endpoints);
        } else {
            LOG.info("Using Elasticsearch index {} at {}", index, endpoints);
        }
    }

    @Override
    public void upsert(Collection<Article> articles) {
        List<Article> list = new ArrayList<>(articles);
        for (int from = 0; from < list.size(); from += BULK_BATCH) {
            StringBuilder bulk = new StringBuilder();
            for (Article article : list.subList(from, Math.min(list.size(), from + BULK_BATCH))) {
                bulk.append(new JsonObject().put("index", new JsonObject().put("_index", index)
                        .put("_id", article.id())).encode()).append('\n');
                bulk.append(document(article).encode()).append('\n');
            }
            bulk(bulk);
        }
    }

    @Override
    public void delete(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder bulk = new StringBuilder();
        for (String id : ids) {
            bulk.append(new JsonObject().put("delete", new JsonObject().put("_index", index).put("_id", id)).encode())
                    .append('\n');
        }
        bulk(bulk);
    }

    @Override
    public Map<String, Long> indexedVersions() {
        Map<String, Long> versions = new HashMap<>();
        JsonArray after = null;
        while (true) {
            JsonObject body = new JsonObject().put("size", 5000).put("_source", new JsonArray().add(ID).add(VERSION))
                    .put("query", new JsonObject().put("match_all", new JsonObject()))
                    .put("sort", new JsonArray().add(new JsonObject().put(ID, "asc")));
            if (after != null) {
                body.put("search_after", after);
            }
            JsonArray hits = searchJson(body).getJsonObject("hits").getJsonArray("hits");
            for (int i = 0; i < hits.size(); i++) {
                JsonObject source = hits.getJsonObject(i).getJsonObject("_source");
                versions.put(source.getString(ID), source.getLong(VERSION));
            }
            if (hits.size() < 5000) {
                return versions;
            }
            after = hits.getJsonObject(hits.size() - 1).getJsonArray("sort");
        }
    }

    @Override
    public SearchPage search(SearchQuery query) {
        JsonObject body = EsQueries.search(query).put("from", query.offset()).put("size", query.limit())
                .put("track_total_hits", SearchPage.TOTAL_EXACT_UP_TO).put("_source", new JsonArray().add("article"));
        JsonObject hits = searchJson(body).getJsonObject("hits");
        return new SearchPage(hits.getJsonObject("total").getLong("value"), hitsOf(hits));
    }

    @Override
    public List<Article> suggestTitles(String prefix, int limit, LocalDate validOn) {
        JsonObject query = EsQueries.titlePrefix(typedBigrams(prefix), validOn);
        if (query == null) {
            return List.of();
        }
        JsonObject body = new JsonObject().put("query", query).put("size", limit)
                .put("_source", new JsonArray().add("article"));
        return hitsOf(searchJson(body).getJsonObject("hits")).stream().map(SearchHit::article).toList();
    }

    @Override
    public List<SearchHit> related(String text, int limit, LocalDate validOn) {
        String query = RelatedText.of(text);
        if (query.isEmpty()) {
            return List.of();
        }
        return search(new SearchQuery(query, null, null, validOn, 0, limit)).hits();
    }

    @Override
    public void setFeedbackBoost(Map<String, Double> boostsById) {
        if (boostsById.isEmpty()) {
            return;
        }
        StringBuilder bulk = new StringBuilder();
        boostsById.forEach((id, boost) -> {
            bulk.append(new JsonObject().put("update", new JsonObject().put("_index", index).put("_id", id)).encode())
                    .append('\n');
            bulk.append(new JsonObject().put("doc", new JsonObject().put(FEEDBACK, boost)).encode()).append('\n');
        });
        bulk(bulk);
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backend", name());
        report.put("endpoints", endpoints);
        report.put("index", index);
        try {
            JsonObject cluster = json(perform("GET", "/_cluster/health", null));
            JsonObject count = json(perform("GET", "/" + index + "/_count", null));
            String status = cluster.getString("status");
            report.put("status", "red".equals(status) ? "down" : "ok");
            report.put("cluster", status);
            report.put("articles", count.getLong("count"));
        } catch (RuntimeException e) {
            report.put("status", "down");
            report.put("error", e.getMessage());
        }
        return report;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("Closing the Elasticsearch client for {} failed: {}", endpoints, e.toString());
        }
    }

    // ---- documents and responses ---------------------------------------------------------------

    private static JsonObject document(Article article) {
        JsonObject doc = new JsonObject()
                .put(ID, article.id())
                .put(VERSION, article.version())
                .put(TITLE, article.title()).put(bigram(TITLE), article.title())
                .put(BODY, article.body()).put(bigram(BODY), article.body())
                .put(TAGS, new JsonArray(article.tags())).put(bigram(TAGS), new JsonArray(article.tags()))
                .put(VALID_FROM, article.validFrom() == null ? Long.MIN_VALUE : article.validFrom().toEpochDay())
                .put(VALID_TO, article.validTo() == null ? Long.MAX_VALUE : article.validTo().toEpochDay())
                .put(RETIRED, article.retired())
                .put(FEEDBACK, 1.0)
                .put("article", new JsonObject(JsonCodec.write(article)));
        if (article.category() != null) {
            doc.put(CATEGORY, article.category());
        }
        if (article.department() != null) {
            doc.put(DEPARTMENT, article.department());
        }
        return doc;
    }

    private static List<SearchHit> hitsOf(JsonObject hits) {
        JsonArray list = hits.getJsonArray("hits");
        List<SearchHit> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject hit = list.getJsonObject(i);
            Article article = JsonCodec.read(hit.getJsonObject("_source").getJsonObject("article").encode(),
                    Article.class);
            Double score = hit.getDouble("_score");
            result.add(new SearchHit(article, score == null ? 0 : score));
        }
        return result;
    }

    private List<String> typedBigrams(String text) {
        List<String> terms = new ArrayList<>();
        try (var stream = analyzers.bigramIndex().tokenStream(bigram(TITLE), text)) {
            var term = stream.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!terms.contains(term.toString())) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return terms;
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private JsonObject searchJson(JsonObject body) {
        return json(perform("POST", "/" + index + "/_search", body.encode()));
    }

    private void bulk(StringBuilder ndjson) {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("refresh", "true");
        request.setJsonEntity(ndjson.toString());
        JsonObject result = json(execute(request, -1));
        if (Boolean.TRUE.equals(result.getBoolean("errors"))) {
            JsonArray items = result.getJsonArray("items");
            for (int i = 0; i < items.size(); i++) {
                JsonObject item = items.getJsonObject(i);
                JsonObject outcome = item.getJsonObject(item.fieldNames().iterator().next());
                if (outcome.containsKey("error") && outcome.getInteger("status", 0) != 404) {
                    throw new IllegalStateException("Elasticsearch rejected a bulk item for " + outcome.getString("_id")
                            + " in index " + index + ": " + outcome.getValue("error"));
                }
            }
        }
    }

    private Response perform(String method, String path, String json) {
        return perform(method, path, json, -1);
    }

    private Response perform(String method, String path, String json, int alsoAccepted) {
        Request request = new Request(method, path);
        if (json != null) {
            request.setJsonEntity(json);
        }
        return execute(request, alsoAccepted);
    }

    private Response execute(Request request, int alsoAccepted) {
        try {
            return client.performRequest(request);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == alsoAccepted) {
                return e.getResponse();
            }
            if (status >= 500 || status == 429) {
                throw new SearchUnavailableException(name(), "HTTP " + status + " from " + request.getEndpoint(), e);
            }
            throw new IllegalStateException("Elasticsearch returned HTTP " + status + " to " + request.getMethod()
                    + " " + request.getEndpoint() + ": " + body(e.getResponse()), e);
        } catch (IOException e) {
            throw new SearchUnavailableException(name(), "cannot reach " + endpoints + ": " + e, e);
        }
    }

    private static JsonObject json(Response response) {
        return new JsonObject(body(response));
    }

    private static String body(Response response) {
        try {
            return response.getEntity() == null ? "{}"
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading an Elasticsearch response failed", e);
        }
    }
}
