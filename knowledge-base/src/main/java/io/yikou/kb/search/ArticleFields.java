package io.yikou.kb.search;

/**
 * Field names shared by the Lucene and Elasticsearch indexes, and the boosts both backends give them,
 * so the same query ranks alike on either. Each text field has a {@code _bigram} twin.
 */
public final class ArticleFields {

    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String TITLE = "title";
    public static final String BODY = "body";
    public static final String TAGS = "tags";
    public static final String CATEGORY = "category";
    public static final String DEPARTMENT = "department";
    /** First valid day as epoch day; articles without one get {@link Long#MIN_VALUE}. */
    public static final String VALID_FROM = "valid_from";
    /** Last valid day as epoch day; articles without one get {@link Long#MAX_VALUE}. */
    public static final String VALID_TO = "valid_to";
    /**
     * Title, tags and body together, indexed as bigrams only ({@code all_bigram}); a query scores
     * extra here when most of its bigrams occur anywhere in the article, which BM25 on separate
     * fields does not reward (an article matching every typed word beats one matching a word twice).
     */
    public static final String ALL = "all";
    public static final String RETIRED = "retired";
    public static final String FEEDBACK = "feedback_boost";
    /** The whole article as JSON, returned with hits. */
    public static final String SOURCE = "source_json";

    public static final float TITLE_BOOST = 3f;
    public static final float TITLE_BIGRAM_BOOST = 2.5f;
    public static final float TAGS_BOOST = 1.5f;
    public static final float BODY_BOOST = 1f;
    public static final float BODY_BIGRAM_BOOST = 1f;
    /** Extra weight of a whole-phrase bigram match in the title and body. */
    public static final float TITLE_PHRASE_BOOST = 4f;
    public static final float BODY_PHRASE_BOOST = 1.5f;
    /** Weight of the {@link #ALL} clause, and the share of query bigrams it requires. */
    public static final float ALL_BOOST = 3f;
    public static final float ALL_MIN_SHOULD_MATCH = 0.8f;
    /** The same share written for Elasticsearch's {@code minimum_should_match}. */
    public static final String ALL_MIN_SHOULD_MATCH_PERCENT = "80%";

    private ArticleFields() {
    }

    public static String bigram(String field) {
        return field + io.yikou.kb.analysis.KbAnalyzers.BIGRAM_SUFFIX;
    }
}
