package io.yikou.kb.search.elasticsearch;

import static io.yikou.kb.search.ArticleFields.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.kb.analysis.ChineseFolding;
import io.yikou.kb.analysis.SynonymRules;
import java.util.Map;

/**
 * Settings and mapping of the Elasticsearch article index, built from the same folding table and
 * synonym rules as the Lucene analyzers.
 *
 * <p>Analyzers (all with the {@code kb_fold} char filter, traditional → simplified):
 * <ul>
 *   <li>{@code kb_words}: standard tokenizer, {@code cjk_width}, {@code lowercase}; CJK text becomes
 *       single characters, standing in for SmartChineseAnalyzer, which a stock node lacks;</li>
 *   <li>{@code kb_bigram}: the same plus {@code cjk_bigram}, as the Lucene bigram field;</li>
 *   <li>{@code *_search} twins with {@code synonym_graph} for queries.</li>
 * </ul>
 */
final class EsMapping {

    private EsMapping() {
    }

    static JsonObject indexDefinition(SynonymRules synonyms) {
        JsonArray mappings = new JsonArray();
        for (Map.Entry<String, String> pair : ChineseFolding.ideographPairs().entrySet()) {
            mappings.add(pair.getKey() + "=>" + pair.getValue());
        }
        JsonObject analysis = new JsonObject()
                .put("char_filter", new JsonObject().put("kb_fold",
                        new JsonObject().put("type", "mapping").put("mappings", mappings)))
                .put("filter", new JsonObject().put("kb_synonyms", new JsonObject()
                        .put("type", "synonym_graph").put("synonyms", new JsonArray(synonyms.lines()))))
                .put("analyzer", new JsonObject()
                        .put("kb_words", analyzer(false, false))
                        .put("kb_words_search", analyzer(false, true))
                        .put("kb_bigram", analyzer(true, false))
                        .put("kb_bigram_search", analyzer(true, true)));
        JsonObject properties = new JsonObject()
                .put(ID, type("keyword"))
                .put(VERSION, type("long"))
                .put(CATEGORY, type("keyword"))
                .put(DEPARTMENT, type("keyword"))
                .put(VALID_FROM, type("long"))
                .put(VALID_TO, type("long"))
                .put(RETIRED, type("boolean"))
                .put(FEEDBACK, type("float"))
                .put("article", new JsonObject().put("type", "object").put("enabled", false));
        for (String field : new String[] {TITLE, BODY, TAGS}) {
            properties.put(field, text("kb_words"));
            properties.put(bigram(field), text("kb_bigram").put("copy_to", bigram(ALL)));
        }
        properties.put(bigram(ALL), text("kb_bigram"));
        return new JsonObject()
                .put("settings", new JsonObject()
                        .put("number_of_shards", 1)
                        .put("number_of_replicas", 0)
                        .put("analysis", analysis))
                .put("mappings", new JsonObject().put("dynamic", "strict").put("properties", properties));
    }

    private static JsonObject analyzer(boolean bigrams, boolean synonyms) {
        JsonArray filters = new JsonArray().add("cjk_width").add("lowercase");
        if (bigrams) {
            filters.add("cjk_bigram");
        }
        if (synonyms) {
            filters.add("kb_synonyms");
        }
        return new JsonObject().put("type", "custom").put("char_filter", new JsonArray().add("kb_fold"))
                .put("tokenizer", "standard").put("filter", filters);
    }

    private static JsonObject text(String analyzer) {
        return new JsonObject().put("type", "text").put("analyzer", analyzer)
                .put("search_analyzer", analyzer + "_search");
    }

    private static JsonObject type(String type) {
        return new JsonObject().put("type", type);
    }
}
