package io.yikou.kb.history;

import io.yikou.core.intake.PhoneNumbers;
import io.yikou.core.ticket.Ticket;
import io.yikou.kb.analysis.KbAnalyzers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * Lucene index of tickets for history search: one document per ticket, replaced on every change.
 * Text (description and address) is indexed with the knowledge base's analysis chains; category,
 * street and creation day are facets. Methods block; thread-safe.
 */
public final class TicketIndex {

    static final String NUMBER = "number";
    static final String PHONE = "phone";
    static final String IDENTITY = "identity";
    static final String TEXT = "text";
    static final String CREATED = "created";
    static final String CATEGORY = "category";
    static final String STREET = "street";
    static final String DAY = "day";
    static final String SUMMARY = "summary";

    /** Label used for tickets without a category or a resolved street. */
    public static final String UNKNOWN = "-";

    private final Path directory;
    private final KbAnalyzers analyzers;
    private final ZoneId zone;
    private final FacetsConfig facets = new FacetsConfig();
    private Directory store;
    // Volatile because staging runs unsynchronised (IndexWriter is thread-safe), so it does not wait for a commit's sync.
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;

    /** @param directory index directory, or {@code null} for an in-memory index */
    public TicketIndex(Path directory, KbAnalyzers analyzers, ZoneId zone) {
        this.directory = directory;
        this.analyzers = analyzers;
        this.zone = zone;
    }

    public synchronized void open() {
        try {
            if (directory == null) {
                store = new ByteBuffersDirectory();
            } else {
                Files.createDirectories(directory);
                store = FSDirectory.open(directory);
            }
            writer = new IndexWriter(store, new IndexWriterConfig(analyzers.perFieldIndex()));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ticket history index at " + directory, e);
        }
    }

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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the ticket history index at " + directory, e);
        }
    }

    /** Indexes or replaces a ticket and commits; {@code identities} are the citizen's phone numbers and ids. */
    public synchronized void upsert(Ticket ticket, List<String> identities) {
        stage(ticket, identities);
        commit();
    }

    /**
     * Commits every staged change and makes it searchable. One commit costs a file sync whatever it
     * holds, so the stream feed stages many tickets per commit.
     */
    public synchronized void commit() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the ticket history index", e);
        }
    }

    /**
     * Indexes or replaces a ticket without committing: it becomes durable and searchable with the next
     * {@link #commit}.
     */
    public void stage(Ticket ticket, List<String> identities) {
        Document doc = new Document();
        doc.add(new StringField(NUMBER, ticket.number(), Field.Store.YES));
        if (ticket.reporter() != null && ticket.reporter().phone() != null) {
            PhoneNumbers.normalize(ticket.reporter().phone())
                    .ifPresent(phone -> doc.add(new StringField(PHONE, phone, Field.Store.NO)));
        }
        for (String identity : identities) {
            doc.add(new StringField(IDENTITY, identity, Field.Store.NO));
            PhoneNumbers.normalize(identity).ifPresent(phone -> doc.add(new StringField(PHONE, phone, Field.Store.NO)));
        }

        String text = (ticket.description() == null ? "" : ticket.description())
                + (ticket.location().address() == null ? "" : "\n" + ticket.location().address());
        doc.add(new TextField(TEXT, text, Field.Store.NO));
        doc.add(new TextField(TEXT + KbAnalyzers.BIGRAM_SUFFIX, text, Field.Store.NO));

        long created = ticket.createdAt().toEpochMilli();
        doc.add(new LongPoint(CREATED, created));
        doc.add(new NumericDocValuesField(CREATED, created));
        doc.add(new SortedSetDocValuesFacetField(CATEGORY, ticket.categoryCode() == null ? UNKNOWN : ticket.categoryCode()));
        String street = ticket.location().grid().streetName();
        doc.add(new SortedSetDocValuesFacetField(STREET, street == null ? UNKNOWN : street));
        doc.add(new SortedSetDocValuesFacetField(DAY, ticket.createdAt().atZone(zone).toLocalDate().toString()));
        doc.add(new StoredField(SUMMARY, new io.vertx.core.json.JsonObject()
                .put("number", ticket.number())
                .put("type", ticket.type().name().toLowerCase(java.util.Locale.ROOT))
                .put("status", ticket.status().code())
                .put("category", ticket.categoryCode())
                .put("street", street)
                .put("createdAt", ticket.createdAt().toString())
                .put("description", ticket.description())
                .put("address", ticket.location().address()).encode()));

        try {
            writer.updateDocument(new Term(NUMBER, ticket.number()), facets.build(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the ticket history index", e);
        }
    }

    /**
     * A history query; {@code null} fields do not filter.
     *
     * @param phone    tickets whose reporter or citizen has this phone number
     * @param identity tickets whose citizen has this WeChat openid or Weibo uid
     * @param text     plain text matched against description and address
     * @param from     created at or after
     * @param to       created before
     */
    public record Query(String phone, String identity, String text, Instant from, Instant to, int offset, int limit) {
    }

    /** A page of tickets, newest first, as stored summaries. */
    public record Page(long total, List<io.vertx.core.json.JsonObject> tickets) {
    }

    /** Counts per category, street and day, largest first (days in date order). */
    public record Facets(long total, Map<String, Long> byCategory, Map<String, Long> byStreet, Map<String, Long> byDay) {
    }

    public Page search(Query query) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(luceneQuery(query), query.offset() + query.limit(),
                    new Sort(new SortField(CREATED, SortField.Type.LONG, true)));
            StoredFields stored = searcher.storedFields();
            List<io.vertx.core.json.JsonObject> tickets = new ArrayList<>();
            for (int i = query.offset(); i < top.scoreDocs.length; i++) {
                ScoreDoc doc = top.scoreDocs[i];
                tickets.add(new io.vertx.core.json.JsonObject(stored.document(doc.doc).get(SUMMARY)));
            }
            return new Page(top.totalHits.value, tickets);
        });
    }

    public Facets facets(Query query) {
        return withSearcher(searcher -> {
            FacetsCollector collector = searcher.search(luceneQuery(query), new FacetsCollectorManager());
            long total = collector.getMatchingDocs().stream().mapToLong(m -> m.totalHits).sum();
            if (total == 0) {
                return new Facets(0, Map.of(), Map.of(), Map.of());
            }
            DefaultSortedSetDocValuesReaderState state =
                    new DefaultSortedSetDocValuesReaderState(searcher.getIndexReader(), facets);
            org.apache.lucene.facet.Facets counts = new SortedSetDocValuesFacetCounts(state, collector);
            Map<String, Long> days = counts(counts, DAY, 400);
            Map<String, Long> byDay = new java.util.TreeMap<>(days);
            return new Facets(total, counts(counts, CATEGORY, 50), counts(counts, STREET, 50), byDay);
        });
    }

    /**
     * Returns how many tickets a search can see now. The writer's own count runs ahead of the searcher
     * between a write and its refresh, and callers that wait for a count then search expect both to agree.
     */
    public long count() {
        return withSearcher(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    private static Map<String, Long> counts(org.apache.lucene.facet.Facets counts, String dimension, int top)
            throws IOException {
        Map<String, Long> result = new LinkedHashMap<>();
        FacetResult facet;
        try {
            facet = counts.getTopChildren(top, dimension);
        } catch (IllegalArgumentException e) {
            // The dimension has no value in this index yet.
            return result;
        }
        if (facet != null) {
            for (LabelAndValue lv : facet.labelValues) {
                result.put(lv.label, lv.value.longValue());
            }
        }
        return result;
    }

    private org.apache.lucene.search.Query luceneQuery(Query query) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        boolean any = false;
        if (query.phone() != null) {
            builder.add(new TermQuery(new Term(PHONE, query.phone())), Occur.FILTER);
            any = true;
        }
        if (query.identity() != null) {
            builder.add(new TermQuery(new Term(IDENTITY, query.identity())), Occur.FILTER);
            any = true;
        }
        if (query.text() != null) {
            BooleanQuery.Builder text = new BooleanQuery.Builder();
            org.apache.lucene.search.Query smart = new QueryBuilder(analyzers.smartQuery())
                    .createMinShouldMatchQuery(TEXT, query.text(), 0.6f);
            org.apache.lucene.search.Query bigram = new QueryBuilder(analyzers.bigramQuery())
                    .createMinShouldMatchQuery(TEXT + KbAnalyzers.BIGRAM_SUFFIX, query.text(), 0.6f);
            if (smart != null) {
                text.add(smart, Occur.SHOULD);
            }
            if (bigram != null) {
                text.add(bigram, Occur.SHOULD);
            }
            builder.add(text.build(), Occur.MUST);
            any = true;
        }
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli() - 1;
            builder.add(LongPoint.newRangeQuery(CREATED, from, to), Occur.FILTER);
            any = true;
        }
        if (!any) {
            builder.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        return builder.build();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(Work<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ticket history search failed", e);
        }
    }
}
