package io.yikou.kb.search.elasticsearch;

import static io.yikou.kb.search.ArticleFields.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.kb.search.SearchQuery;
import java.time.LocalDate;
import java.util.List;

/**
 * Query DSL bodies that mirror {@code LuceneQueries}: {@code match} and {@code match_phrase} only,
 * never {@code query_string}, so agents' text is never parsed as syntax.
 */
final class EsQueries {

    private EsQueries() {
    }

    static JsonObject search(SearchQuery query) {
        JsonArray should = new JsonArray()
                .add(match("match", TITLE, query.text(), TITLE_BOOST))
                .add(match("match", TAGS, query.text(), TAGS_BOOST))
                .add(match("match", BODY, query.text(), BODY_BOOST))
                .add(match("match", bigram(TITLE), query.text(), TITLE_BIGRAM_BOOST))
                .add(match("match", bigram(BODY), query.text(), BODY_BIGRAM_BOOST));
        should.add(new JsonObject().put("match", new JsonObject().put(bigram(ALL), new JsonObject()
                .put("query", query.text()).put("boost", ALL_BOOST)
                .put("minimum_should_match", ALL_MIN_SHOULD_MATCH_PERCENT))));
        for (String segment : query.text().split(" ")) {
            should.add(match("match_phrase", bigram(TITLE), segment, TITLE_PHRASE_BOOST));
            should.add(match("match_phrase", bigram(BODY), segment, BODY_PHRASE_BOOST));
        }
        JsonObject bool = new JsonObject().put("should", should).put("minimum_should_match", 1)
                .put("filter", filters(query.category(), query.department(), query.validOn()));
        JsonObject ranked = new JsonObject().put("function_score", new JsonObject()
                .put("query", new JsonObject().put("bool", bool))
                .put("field_value_factor", new JsonObject().put("field", FEEDBACK).put("missing", 1.0))
                .put("boost_mode", "multiply"));
        return new JsonObject().put("query", ranked);
    }

    static JsonObject titlePrefix(List<String> bigrams, LocalDate validOn) {
        if (bigrams.isEmpty()) {
            return null;
        }
        JsonArray must = new JsonArray();
        for (int i = 0; i < bigrams.size(); i++) {
            String term = bigrams.get(i);
            boolean last = i == bigrams.size() - 1;
            boolean partial = last && (term.codePointCount(0, term.length()) == 1 || term.chars().allMatch(c -> c < 0x2E80));
            must.add(new JsonObject().put(partial ? "prefix" : "term", new JsonObject().put(bigram(TITLE), term)));
        }
        return new JsonObject().put("bool", new JsonObject().put("must", must)
                .put("filter", filters(null, null, validOn)));
    }

    private static JsonArray filters(String category, String department, LocalDate validOn) {
        JsonArray filters = new JsonArray().add(term(RETIRED, false));
        if (category != null) {
            filters.add(term(CATEGORY, category));
        }
        if (department != null) {
            filters.add(term(DEPARTMENT, department));
        }
        if (validOn != null) {
            long day = validOn.toEpochDay();
            filters.add(new JsonObject().put("range", new JsonObject().put(VALID_FROM, new JsonObject().put("lte", day))));
            filters.add(new JsonObject().put("range", new JsonObject().put(VALID_TO, new JsonObject().put("gte", day))));
        }
        return filters;
    }

    private static JsonObject term(String field, Object value) {
        return new JsonObject().put("term", new JsonObject().put(field, value));
    }

    private static JsonObject match(String kind, String field, String text, float boost) {
        return new JsonObject().put(kind, new JsonObject().put(field,
                new JsonObject().put("query", text).put("boost", boost)));
    }
}
