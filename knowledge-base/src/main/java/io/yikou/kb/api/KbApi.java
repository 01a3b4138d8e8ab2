package io.yikou.kb.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StrictUtf8;
import io.yikou.core.json.JsonCodec;
import io.yikou.kb.ArticleNotFoundException;
import io.yikou.kb.KnowledgeBase;
import io.yikou.kb.article.Article;
import io.yikou.kb.article.ArticleConflictException;
import io.yikou.kb.article.ArticleDraft;
import io.yikou.kb.article.ImportException;
import io.yikou.kb.article.ImportFormat;
import io.yikou.kb.article.InvalidArticleException;
import io.yikou.kb.search.Fragment;
import io.yikou.kb.search.QueryText;
import io.yikou.kb.search.SearchHit;
import io.yikou.kb.search.SearchQuery;
import io.yikou.kb.search.SearchUnavailableException;
import io.yikou.kb.search.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff API of the knowledge base under {@code /api/v1/kb}: search with highlighting, title
 * autocomplete, related articles, article editing and import, feedback and overdue reviews.
 * Described for clients in {@code io/yikou/kb/api/openapi.json}.
 */
public final class KbApi {

    private static final Logger LOG = LoggerFactory.getLogger(KbApi.class);

    static final int DEFAULT_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 50;
    static final int MAX_SUGGESTIONS = 20;
    static final int MAX_RELATED = 20;
    /** Maximum length of the text for "related articles", in characters (code points). */
    static final int MAX_RELATED_TEXT = 5000;

    private final KnowledgeBase kb;
    private final StaffAuth auth;
    private final int maxQueryLength;

    public KbApi(KnowledgeBase kb, StaffAuth auth, int maxQueryLength) {
        this.kb = kb;
        this.auth = auth;
        this.maxQueryLength = maxQueryLength;
    }

    public void mount(Router router) {
        String base = "/api/v1/kb";
        router.get(base + "/search").handler(auth.require(Role.AGENT)).handler(safe(this::search));
        router.get(base + "/suggest").handler(auth.require(Role.AGENT)).handler(safe(this::suggest));
        router.post(base + "/related").handler(auth.require(Role.AGENT)).handler(safe(this::related));
        router.get(base + "/articles/:id").handler(auth.require(Role.AGENT)).handler(safe(this::get));
        router.post(base + "/articles/:id/feedback").handler(auth.require(Role.AGENT)).handler(safe(this::feedback));
        router.post(base + "/articles").handler(auth.require(Role.SUPERVISOR)).handler(safe(this::create));
        router.put(base + "/articles/:id").handler(auth.require(Role.SUPERVISOR)).handler(safe(this::update));
        router.post(base + "/articles/:id/retire").handler(auth.require(Role.SUPERVISOR)).handler(safe(this::retire));
        router.post(base + "/import").handler(auth.require(Role.SUPERVISOR)).handler(safe(this::importFile));
        router.get(base + "/reviews/overdue").handler(auth.require(Role.SUPERVISOR)).handler(safe(this::overdue));
    }

    private void search(RoutingContext ctx) {
        String text = queryText(ctx.request().getParam("q"));
        int size = intParam(ctx, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int page = intParam(ctx, "page", 1, 1, SearchQuery.MAX_WINDOW / size);
        String valid = ctx.request().getParam("valid", "current");
        if (!valid.equals("current") && !valid.equals("all")) {
            throw ApiException.invalid(List.of(FieldError.of("valid", "invalid_value")));
        }
        SearchQuery query = new SearchQuery(text, blankToNull(ctx.request().getParam("category")),
                blankToNull(ctx.request().getParam("department")), valid.equals("current") ? kb.today() : null,
                (page - 1) * size, size);
        reply(ctx, kb.search(query).map(result -> {
            JsonArray hits = new JsonArray();
            for (KnowledgeBase.Result r : result.results()) {
                JsonArray body = new JsonArray();
                r.body().forEach(f -> body.add(fragment(f)));
                hits.add(summary(r.hit().article())
                        .put("score", r.hit().score())
                        .put("highlight", new JsonObject().put("title", fragment(r.title())).put("body", body)));
            }
            return new JsonObject().put("query", text).put("total", result.total()).put("page", page)
                    .put("size", size).put("hits", hits);
        }));
    }

    private void suggest(RoutingContext ctx) {
        String text = queryText(ctx.request().getParam("q"));
        int limit = intParam(ctx, "limit", 8, 1, MAX_SUGGESTIONS);
        reply(ctx, kb.suggestArticles(text, limit).map(articles -> {
            JsonArray list = new JsonArray();
            for (Article article : articles) {
                list.add(new JsonObject().put("id", article.id()).put("title", article.title()));
            }
            return new JsonObject().put("suggestions", list);
        }));
    }

    private void related(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String text = body.getValue("text") instanceof String s ? s.strip() : null;
        if (text == null || text.isEmpty()) {
            throw ApiException.invalid(List.of(FieldError.of("text", "required")));
        }
        if (text.codePointCount(0, text.length()) > MAX_RELATED_TEXT) {
            throw ApiException.invalid(List.of(FieldError.of("text", "too_long", MAX_RELATED_TEXT)));
        }
        int limit = body.getValue("limit") instanceof Integer n ? Math.max(1, Math.min(MAX_RELATED, n)) : 5;
        reply(ctx, kb.related(text, limit).map(hits -> {
            JsonArray list = new JsonArray();
            for (SearchHit hit : hits) {
                list.add(summary(hit.article()).put("score", hit.score()));
            }
            return new JsonObject().put("related", list);
        }));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        reply(ctx, kb.find(id).map(found -> {
            Article article = found.orElseThrow(() -> new ArticleNotFoundException(id));
            return new JsonObject(JsonCodec.write(article));
        }));
    }

    private void create(RoutingContext ctx) {
        Article article = draft(JsonBodies.object(ctx), null).validate();
        reply(ctx, 201, kb.save(List.of(article), Map.of(article.id(), 0L))
                .map(stored -> new JsonObject(JsonCodec.write(stored.get(0)))));
    }

    private void update(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        long version = version(body);
        Article article = draft(body, ctx.pathParam("id")).validate();
        reply(ctx, kb.find(article.id()).compose(found -> {
            Article current = found.orElseThrow(() -> new ArticleNotFoundException(article.id()));
            Article next = new Article(article.id(), article.title(), article.body(), article.category(),
                    article.department(), article.tags(), article.validFrom(), article.validTo(), article.owner(),
                    article.source(), article.reviewDue(), current.retired(), current.createdAt(), null, version);
            return kb.save(List.of(next), Map.of(article.id(), version));
        }).map(stored -> new JsonObject(JsonCodec.write(stored.get(0)))));
    }

    private void retire(RoutingContext ctx) {
        long version = version(JsonBodies.object(ctx));
        reply(ctx, kb.retire(ctx.pathParam("id"), version).map(a -> new JsonObject(JsonCodec.write(a))));
    }

    private void feedback(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        if (!(body.getValue("useful") instanceof Boolean useful)) {
            throw ApiException.invalid(List.of(FieldError.of("useful", "wrong_type", "true/false")));
        }
        String query = body.getValue("query") instanceof String s ? s : null;
        if (query != null && query.codePointCount(0, query.length()) > maxQueryLength) {
            throw ApiException.invalid(List.of(FieldError.of("query", "too_long", maxQueryLength)));
        }
        String actor = auth.actor(ctx);
        reply(ctx, kb.feedback(ctx.pathParam("id"), useful, query, actor).map(votes -> new JsonObject()
                .put("id", ctx.pathParam("id")).put("useful", votes.useful()).put("notUseful", votes.notUseful())));
    }

    private void overdue(RoutingContext ctx) {
        String owner = blankToNull(ctx.request().getParam("owner"));
        reply(ctx, kb.overdueReviews(owner).map(articles -> {
            JsonArray list = new JsonArray();
            for (Article a : articles) {
                list.add(summary(a).put("owner", a.owner()).put("reviewDue", a.reviewDue().toString()));
            }
            return new JsonObject().put("today", kb.today().toString()).put("overdue", list);
        }));
    }

    private void importFile(RoutingContext ctx) {
        ImportFormat format = ImportFormat.fromMediaType(ctx.request().getHeader("Content-Type"))
                .orElseThrow(() -> ApiException.of(415, "kb_import_format"));
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw ApiException.badRequest("kb_import_empty");
        }
        String text = StrictUtf8.decode(ctx.body().buffer());
        String source = ctx.request().getParam("name", "upload." + format.name().toLowerCase(java.util.Locale.ROOT));
        reply(ctx, kb.importFile(format, text, source).map(stored -> {
            JsonArray ids = new JsonArray();
            stored.forEach(a -> ids.add(a.id()));
            return new JsonObject().put("imported", stored.size()).put("ids", ids);
        }));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Maps exceptions thrown while reading a request (invalid article fields) to API errors. */
    private static io.vertx.core.Handler<RoutingContext> safe(io.vertx.core.Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                ctx.fail(toApiException(e));
            }
        };
    }

    private String queryText(String raw) {
        QueryText.Result result = QueryText.clean(raw, maxQueryLength);
        if (result instanceof QueryText.Ok ok) {
            return ok.text();
        }
        if (result instanceof QueryText.TooLong tooLong) {
            throw ApiException.badRequest("kb_query_too_long", tooLong.max(), tooLong.length());
        }
        throw ApiException.badRequest("kb_query_empty");
    }

    private static int intParam(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below like an out-of-range value.
        }
        throw ApiException.badRequest("invalid_query", name + " " + min + "–" + max);
    }

    private static long version(JsonObject body) {
        Object value = body.getValue("version");
        if (value instanceof Number n && n.longValue() >= 1) {
            return n.longValue();
        }
        throw ApiException.invalid(List.of(FieldError.of("version", "required")));
    }

    private static ArticleDraft draft(JsonObject body, String pathId) {
        List<String> tags = new ArrayList<>();
        Object rawTags = body.getValue("tags");
        if (rawTags instanceof JsonArray array) {
            for (Object tag : array) {
                tags.add(String.valueOf(tag));
            }
        } else if (rawTags != null) {
            throw ApiException.invalid(List.of(FieldError.of("tags", "wrong_type", "array")));
        }
        String id = pathId != null ? pathId : text(body, "id");
        return new ArticleDraft(id, text(body, "title"), text(body, "body"), text(body, "category"),
                text(body, "department"), tags, text(body, "validFrom"), text(body, "validTo"), text(body, "owner"),
                text(body, "source"), text(body, "reviewDue"));
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ApiException.invalid(List.of(FieldError.of(field, "wrong_type", "string")));
    }

    private static JsonObject summary(Article a) {
        JsonObject json = new JsonObject().put("id", a.id()).put("title", a.title()).put("version", a.version());
        if (a.category() != null) {
            json.put("category", a.category());
        }
        if (a.department() != null) {
            json.put("department", a.department());
        }
        if (!a.tags().isEmpty()) {
            json.put("tags", new JsonArray(a.tags()));
        }
        if (a.validFrom() != null) {
            json.put("validFrom", a.validFrom().toString());
        }
        if (a.validTo() != null) {
            json.put("validTo", a.validTo().toString());
        }
        return json;
    }

    private static JsonObject fragment(Fragment f) {
        JsonArray spans = new JsonArray();
        for (Span span : f.spans()) {
            spans.add(new JsonArray().add(span.start()).add(span.end()));
        }
        return new JsonObject().put("start", f.start()).put("end", f.end()).put("html", f.html()).put("spans", spans);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void reply(RoutingContext ctx, Future<JsonObject> result) {
        reply(ctx, 200, result);
    }

    private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().setStatusCode(status)
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(done.result().encode());
            } else {
                ctx.fail(toApiException(done.cause()));
            }
        });
    }

    /** Maps knowledge-base failures to API errors; anything else stays a 500. */
    static Throwable toApiException(Throwable error) {
        if (error instanceof ApiException) {
            return error;
        }
        if (error instanceof ArticleNotFoundException e) {
            return ApiException.notFound("kb_article_not_found", e.articleId());
        }
        if (error instanceof ArticleConflictException e) {
            return ApiException.of(409, "kb_article_conflict", e.storedVersion());
        }
        if (error instanceof InvalidArticleException e) {
            return ApiException.invalid(fieldErrors(e));
        }
        if (error instanceof ImportException e) {
            List<FieldError> fields = new ArrayList<>();
            for (ImportException.Problem p : e.problems()) {
                fields.add(new FieldError(p.field() == null ? "line " + p.line() : p.field(), "import_problem",
                        "field.kb_import_problem", List.of(p.line(), p.message())));
            }
            return new ApiException(400, "kb_import_failed", "error.kb_import_failed", fields, e.problems().size());
        }
        if (error instanceof SearchUnavailableException e) {
            LOG.warn("Knowledge-base search backend unavailable: {}", e.getMessage());
            return ApiException.of(503, "kb_unavailable", e.backend());
        }
        return error;
    }

    private static List<FieldError> fieldErrors(InvalidArticleException e) {
        List<FieldError> fields = new ArrayList<>();
        for (ArticleDraft.Problem p : e.problems()) {
            fields.add(switch (p.code()) {
                case "required" -> FieldError.of(p.field(), "required");
                case "too_long" -> FieldError.of(p.field(), "too_long", p.detail().replaceAll("\\D", ""));
                case "invalid_text" -> FieldError.of(p.field(), "invalid_text");
                case "control_characters" -> FieldError.of(p.field(), "control_characters");
                case "invalid_date", "before_valid_from" -> FieldError.of(p.field(), "kb_invalid_date");
                case "invalid_id" -> FieldError.of(p.field(), "kb_invalid_id");
                default -> FieldError.of(p.field(), "invalid_value");
            });
        }
        return fields;
    }
}
