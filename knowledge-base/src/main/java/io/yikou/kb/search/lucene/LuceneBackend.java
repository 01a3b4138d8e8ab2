package io.yikou.kb.search.lucene;

import static io.yikou.kb.search.ArticleFields.*;

import io.yikou.core.json.JsonCodec;
import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.article.Article;
import io.yikou.kb.search.Highlighter;
import io.yikou.kb.search.RelatedText;
import io.yikou.kb.search.SearchBackend;
import io.yikou.kb.search.SearchHit;
import io.yikou.kb.search.SearchPage;
import io.yikou.kb.search.SearchQuery;
import io.yikou.kb.search.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SearchBackend} on an embedded Lucene index: one writer, near-real-time searchers through a
 * {@link SearcherManager}. Writes are serialised and each commits, so the index survives a crash; it is also rebuilt
 * from the article store when it falls behind. Thread-safe.
 */
public final class LuceneBackend implements SearchBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneBackend.class);

    /** Hits whose scores feedback may reorder; see {@link #rescoreByFeedback}. */
    private static final int FEEDBACK_RESCORE_WINDOW = 50;

    /** Text indexed with positions and offsets, not stored (the article JSON is stored once). */
    private static final FieldType TEXT = new FieldType(TextField.TYPE_NOT_STORED);

    /** The catch-all field is only matched, never highlighted: no offsets. */
    private static final FieldType TEXT_NO_OFFSETS = new FieldType(TextField.TYPE_NOT_STORED);

    static {
        // A 200-character query expands to about 1,000 term clauses over the word, bigram and
        // catch-all fields, and synonyms add more. Lucene 9 counts clauses across nested queries and
        // rejects more than 1,024 by default, so the bound is raised for the whole JVM.
        IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 8192));
        TEXT.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT.freeze();
        TEXT_NO_OFFSETS.freeze();
    }

    private final Path directory;
    private final KbAnalyzers analyzers;
    private final LuceneQueries queries;
    private final Highlighter highlighter;
    private Directory store;
    private IndexWriter writer;
    private SearcherManager searchers;
    /**
     * Whether any article may have a feedback factor other than 1.0. Until one has, feedback cannot
     * reorder hits, so searches collect only the requested page instead of the rescoring window.
     */
    private volatile boolean feedbackApplied;

    /**
     * @param directory index directory, created when missing; {@code null} keeps the index in memory
     */
    public LuceneBackend(Path directory, KbAnalyzers analyzers) {
        this.directory = directory;
        this.analyzers = analyzers;
        this.queries = new LuceneQueries(analyzers);
        this.highlighter = new Highlighter(analyzers);
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public synchronized void open() {
        try {
            if (directory == null) {
                store = new ByteBuffersDirectory();
            } else {
                Files.createDirectories(directory);
                store = FSDirectory.open(directory);
            }
            IndexWriterConfig config = new IndexWriterConfig(analyzers.perFieldIndex())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            writer = new IndexWriter(store, config);
            searchers = new SearcherManager(writer, null);
            feedbackApplied = withSearcher(LuceneBackend::hasFeedback);
            LOG.info("Opened Lucene knowledge-base index at {} with {} articles",
                    directory == null ? "(memory)" : directory, writer.getDocStats().numDocs);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new IllegalStateException("the knowledge-base index at " + directory + " is in use by another"
                    + " Yikou node; give each node its own data-dir or kb.index-dir", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Lucene index at " + directory, e);
        }
    }

    @Override
    public synchronized void upsert(Collection<Article> articles) {
        if (articles.isEmpty()) {
            return;
        }
        try {
            for (Article article : articles) {
                writer.updateDocument(new Term(ID, article.id()), document(article));
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the Lucene index", e);
        }
    }

    @Override
    public synchronized void delete(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            for (String id : ids) {
                writer.deleteDocuments(new Term(ID, id));
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the Lucene index", e);
        }
    }

    /**
     * Force-merges the index into one segment. A search visits every segment, looking up each query
     * term in each, so after a bulk load of 100,000 articles (11 segments) the benchmark queries
     * ran two to three times faster at the median on one segment. Later edits add small segments
     * beside it, which the merge policy merges as usual. The merged segment is written before the
     * old ones are deleted, so the merge needs free disk space of at least the index size.
     */
    @Override
    public synchronized void compact() {
        try {
            long started = System.nanoTime();
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefreshBlocking();
            LOG.info("Merged the Lucene knowledge-base index into one segment in {} ms",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the Lucene index", e);
        }
    }

    @Override
    public Map<String, Long> indexedVersions() {
        return withSearcher(searcher -> {
            Map<String, Long> versions = new HashMap<>();
            StoredFields stored = searcher.storedFields();
            TopDocs all = searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().numDocs()));
            for (ScoreDoc doc : all.scoreDocs) {
                Document fields = stored.document(doc.doc, java.util.Set.of(ID, VERSION));
                versions.put(fields.get(ID), fields.getField(VERSION).numericValue().longValue());
            }
            return versions;
        });
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return withSearcher(searcher -> {
            int window = query.offset() + query.limit();
            TopDocs top = top(searcher, query, feedbackApplied ? Math.max(window, FEEDBACK_RESCORE_WINDOW) : window);
            ScoreDoc[] ranked = rescoreByFeedback(searcher, top.scoreDocs);
            List<SearchHit> hits = new ArrayList<>(query.limit());
            StoredFields stored = searcher.storedFields();
            Highlighter.QueryTerms terms = highlighter.termsOf(query.text());
            for (int i = query.offset(); i < Math.min(window, ranked.length); i++) {
                hits.add(new SearchHit(article(stored, ranked[i].doc), ranked[i].score,
                        matches(searcher, ranked[i].doc, terms)));
            }
            return new SearchPage(top.totalHits.value, hits);
        });
    }

    /**
     * Reads where the query's bigram terms occur in a hit's title and body from the postings, which
     * store offsets into the original text. That is far cheaper than analysing the text again.
     * Returns {@code null} when the query has a one-character term, because such a term matches
     * inside bigrams and has no postings of its own; the caller then re-analyses the text.
     */
    private static Map<String, List<Span>> matches(IndexSearcher searcher, int doc, Highlighter.QueryTerms terms)
            throws IOException {
        if (!terms.singleCharacters().isEmpty()) {
            return null;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        Map<String, List<Span>> matches = new HashMap<>();
        for (String field : new String[] {TITLE, BODY}) {
            List<Span> spans = new ArrayList<>();
            Terms indexed = leaf.reader().terms(bigram(field));
            if (indexed != null) {
                TermsEnum iterator = indexed.iterator();
                for (String term : terms.terms()) {
                    if (!iterator.seekExact(new BytesRef(term))) {
                        continue;
                    }
                    PostingsEnum postings = iterator.postings(null, PostingsEnum.OFFSETS);
                    if (postings.advance(local) != local) {
                        continue;
                    }
                    for (int i = 0; i < postings.freq(); i++) {
                        postings.nextPosition();
                        spans.add(new Span(postings.startOffset(), postings.endOffset()));
                    }
                }
            }
            matches.put(field, Span.merge(spans));
        }
        return matches;
    }

    /**
     * Multiplies the scores of the best hits by their feedback factor and re-sorts them. Feedback is
     * applied to the top {@link #FEEDBACK_RESCORE_WINDOW} hits only, not inside the query, so Lucene
     * keeps skipping hopeless documents (block-max WAND) instead of scoring every match; the factor
     * stays within 0.8 to 1.2, so a hit below that window would not have reached the first page.
     */
    private static ScoreDoc[] rescoreByFeedback(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        ScoreDoc[] rescored = new ScoreDoc[docs.length];
        for (int i = 0; i < docs.length; i++) {
            ScoreDoc doc = docs[i];
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc.doc, leaves));
            var values = leaf.reader().getNumericDocValues(FEEDBACK);
            double factor = 1.0;
            if (values != null && values.advanceExact(doc.doc - leaf.docBase)) {
                factor = Double.longBitsToDouble(values.longValue());
            }
            rescored[i] = new ScoreDoc(doc.doc, (float) (doc.score * factor));
        }
        java.util.Arrays.sort(rescored, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                : Integer.compare(a.doc, b.doc));
        return rescored;
    }

    /** Tells whether any document, deleted ones included, has a feedback factor other than 1.0. */
    private static boolean hasFeedback(IndexSearcher searcher) throws IOException {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            var values = leaf.reader().getNumericDocValues(FEEDBACK);
            if (values == null) {
                continue;
            }
            while (values.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                if (Double.longBitsToDouble(values.longValue()) != 1.0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs a search as {@link #search} does, for the top {@code offset + limit} hits only, with no
     * feedback rescoring and no stored fields: the benchmark's floor measurement.
     */
    public TopDocs searchRaw(SearchQuery query) {
        return withSearcher(searcher -> top(searcher, query, query.offset() + query.limit()));
    }

    /** Collects the best {@code count} hits, counting the total up to {@link SearchPage#TOTAL_EXACT_UP_TO}. */
    private TopDocs top(IndexSearcher searcher, SearchQuery query, int count) throws IOException {
        Query scoring = queries.search(query);
        Weight everyDay = searcher.createWeight(searcher.rewrite(queries.everyDayFilter(query.validOn())),
                ScoreMode.COMPLETE_NO_SCORES, 1f);
        return searcher.search(scoring, new FilteringCollectorManager<>(everyDay,
                new TopScoreDocCollectorManager(count, SearchPage.TOTAL_EXACT_UP_TO)));
    }

    @Override
    public List<Article> suggestTitles(String prefix, int limit, LocalDate validOn) {
        Query query = queries.titlePrefix(prefix, validOn);
        if (query == null) {
            return List.of();
        }
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(query, limit);
            List<Article> titles = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc doc : top.scoreDocs) {
                titles.add(article(stored, doc.doc));
            }
            return titles;
        });
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
    public synchronized void setFeedbackBoost(Map<String, Double> boostsById) {
        if (boostsById.isEmpty()) {
            return;
        }
        if (boostsById.values().stream().anyMatch(boost -> boost != 1.0)) {
            // Set before the new factors become searchable, so no search sees them without rescoring.
            feedbackApplied = true;
        }
        try {
            for (Map.Entry<String, Double> entry : boostsById.entrySet()) {
                writer.updateDocValues(new Term(ID, entry.getKey()), new DoubleDocValuesField(FEEDBACK, entry.getValue()));
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update feedback in the Lucene index", e);
        }
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backend", name());
        try {
            report.put("articles", writer.getDocStats().numDocs);
            report.put("segments", withSearcher(searcher -> searcher.getIndexReader().leaves().size()));
            report.put("status", "ok");
        } catch (RuntimeException e) {
            report.put("status", "down");
            report.put("error", e.toString());
        }
        return report;
    }

    @Override
    public synchronized void close() {
        try {
            if (searchers != null) {
                searchers.close();
            }
            if (writer != null) {
                writer.close();
            }
            if (store != null) {
                store.close();
            }
            LOG.info("Closed Lucene knowledge-base index at {}", directory == null ? "(memory)" : directory);
        } catch (IOException e) {
            LOG.warn("Closing the Lucene index at {} failed: {}", directory, e.toString());
        }
    }

    private Document document(Article article) {
        Document doc = new Document();
        doc.add(new StringField(ID, article.id(), Field.Store.YES));
        doc.add(new StoredField(VERSION, article.version()));
        doc.add(new Field(TITLE, article.title(), TEXT));
        doc.add(new Field(bigram(TITLE), article.title(), TEXT));
        doc.add(new Field(BODY, article.body(), TEXT));
        doc.add(new Field(bigram(BODY), article.body(), TEXT));
        doc.add(new Field(bigram(ALL), allText(article), TEXT_NO_OFFSETS));
        for (String tag : article.tags()) {
            doc.add(new Field(TAGS, tag, TEXT));
            doc.add(new Field(bigram(TAGS), tag, TEXT));
        }
        if (article.category() != null) {
            doc.add(new StringField(CATEGORY, article.category(), Field.Store.NO));
        }
        if (article.department() != null) {
            doc.add(new StringField(DEPARTMENT, article.department(), Field.Store.NO));
        }
        doc.add(new LongPoint(VALID_FROM, article.validFrom() == null ? Long.MIN_VALUE : article.validFrom().toEpochDay()));
        doc.add(new LongPoint(VALID_TO, article.validTo() == null ? Long.MAX_VALUE : article.validTo().toEpochDay()));
        doc.add(new StringField(RETIRED, Boolean.toString(article.retired()), Field.Store.NO));
        doc.add(new DoubleDocValuesField(FEEDBACK, 1.0));
        doc.add(new StoredField(SOURCE, JsonCodec.write(article)));
        return doc;
    }

    /** Text of the catch-all field: title, tags and body. */
    public static String allText(Article article) {
        return article.title() + "\n" + String.join("\n", article.tags()) + "\n" + article.body();
    }

    private static Article article(StoredFields stored, int doc) throws IOException {
        Document fields = stored.document(doc, java.util.Set.of(SOURCE));
        return JsonCodec.read(fields.get(SOURCE), Article.class);
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene search failed", e);
        }
    }

    static Query notRetired() {
        return new TermQuery(new Term(RETIRED, "false"));
    }
}
