package io.yikou.kb.search.lucene;

import static io.yikou.kb.search.ArticleFields.*;

import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.search.SearchQuery;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * Builds Lucene queries from plain text: no query syntax is parsed, so nothing an agent types can
 * cause a parse error. Thread-safe.
 *
 * <p>A search is a disjunction of: the segmented words in title, tags and body; the bigrams in the
 * same fields; and the whole typed text as a bigram phrase in title and body, which ranks exact
 * place names ({@code 望京}) above articles that only share a bigram with them ({@code 京西}).
 */
final class LuceneQueries {

    private final KbAnalyzers analyzers;
    private final QueryBuilder smart;
    private final QueryBuilder bigram;

    LuceneQueries(KbAnalyzers analyzers) {
        this.analyzers = analyzers;
        this.smart = new QueryBuilder(analyzers.smartQuery());
        this.bigram = new QueryBuilder(analyzers.bigramQuery());
    }

    /**
     * Builds the scoring part of a search: the text disjunction, plus the category and department
     * filters when given, which are selective enough to lead a conjunction. The filters that match
     * almost every article come from {@link #everyDayFilter}.
     */
    Query search(SearchQuery query) {
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        add(text, smart.createBooleanQuery(TITLE, query.text()), TITLE_BOOST);
        add(text, smart.createBooleanQuery(TAGS, query.text()), TAGS_BOOST);
        add(text, smart.createBooleanQuery(BODY, query.text()), BODY_BOOST);
        add(text, bigram.createBooleanQuery(bigram(TITLE), query.text()), TITLE_BIGRAM_BOOST);
        add(text, bigram.createBooleanQuery(bigram(BODY), query.text()), BODY_BIGRAM_BOOST);
        Query all = bigram.createMinShouldMatchQuery(bigram(ALL), query.text(), ALL_MIN_SHOULD_MATCH);
        add(text, all, ALL_BOOST);
        for (String segment : query.text().split(" ")) {
            add(text, bigram.createPhraseQuery(bigram(TITLE), segment), TITLE_PHRASE_BOOST);
            add(text, bigram.createPhraseQuery(bigram(BODY), segment), BODY_PHRASE_BOOST);
        }
        Query disjunction = text.build();
        if (query.category() == null && query.department() == null) {
            return disjunction;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(disjunction, Occur.MUST);
        if (query.category() != null) {
            builder.add(new TermQuery(new Term(CATEGORY, query.category())), Occur.FILTER);
        }
        if (query.department() != null) {
            builder.add(new TermQuery(new Term(DEPARTMENT, query.department())), Occur.FILTER);
        }
        return builder.build();
    }

    /**
     * Returns the filter that matches almost every article: not retired and, when {@code validOn}
     * is given, valid on that day. Searches check it per collected hit (see
     * {@link FilteringCollectorManager}).
     */
    Query everyDayFilter(LocalDate validOn) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(LuceneBackend.notRetired(), Occur.FILTER);
        addValidity(builder, validOn);
        return builder.build();
    }

    /** Adds the filters every search applies: not retired, plus the optional ones. */
    Query filtered(Query query, String category, String department, LocalDate validOn) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(query, Occur.MUST);
        builder.add(LuceneBackend.notRetired(), Occur.FILTER);
        if (category != null) {
            builder.add(new TermQuery(new Term(CATEGORY, category)), Occur.FILTER);
        }
        if (department != null) {
            builder.add(new TermQuery(new Term(DEPARTMENT, department)), Occur.FILTER);
        }
        addValidity(builder, validOn);
        return builder.build();
    }

    private static void addValidity(BooleanQuery.Builder builder, LocalDate validOn) {
        if (validOn != null) {
            long day = validOn.toEpochDay();
            builder.add(LongPoint.newRangeQuery(VALID_FROM, Long.MIN_VALUE, day), Occur.FILTER);
            builder.add(LongPoint.newRangeQuery(VALID_TO, day, Long.MAX_VALUE), Occur.FILTER);
        }
    }

    /**
     * Builds the title autocomplete query. Every typed bigram must occur in the title, and a lone
     * last character (or a Latin word being typed) matches as a prefix of a title term. Returns
     * {@code null} when the text has nothing searchable.
     */
    Query titlePrefix(String typed, LocalDate validOn) {
        List<String> terms = typedBigrams(typed);
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            boolean last = i == terms.size() - 1;
            boolean partial = last && (term.codePointCount(0, term.length()) == 1 || isLatin(term));
            Query clause = partial ? new PrefixQuery(new Term(bigram(TITLE), term))
                    : new TermQuery(new Term(bigram(TITLE), term));
            builder.add(clause, Occur.MUST);
        }
        return filtered(builder.build(), null, null, validOn);
    }

    /** Bigrams of the typed text without synonyms: autocomplete matches what was typed. */
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
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return terms;
    }

    private static boolean isLatin(String term) {
        return term.chars().allMatch(c -> c < 0x2E80);
    }

    private static void add(BooleanQuery.Builder builder, Query query, float boost) {
        if (query != null) {
            builder.add(new BoostQuery(query, boost), Occur.SHOULD);
        }
    }
}
