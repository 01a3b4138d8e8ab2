package io.yikou.kb.search.lucene;

import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.bench.KbSearchBenchmark;
import io.yikou.kb.search.SearchPage;
import io.yikou.kb.search.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;

/**
 * Times each benchmark query on its own, straight on an {@link IndexSearcher}, in two forms: with
 * the not-retired and validity filters as required clauses of the query, and with them checked per
 * collected hit as {@link LuceneBackend} does. Prints the median and 90th percentile per query and
 * whether both forms return the same top 10. Not part of {@code mvn verify}.
 *
 * <p>Arguments: index directory, built from the benchmark corpus (and compacted) when missing;
 * corpus size (default 100000); rounds per query and form (default 30); optionally a second index
 * directory of the same corpus, such as one not compacted, whose top 10 per query are compared with
 * the first by article id and score. Run with the benchmark's classpath (see
 * {@code knowledge-base/bench/search-benchmark.sh}).
 */
public final class QueryProfile {

    private interface Form {
        TopDocs run(SearchQuery query) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int corpusSize = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        KbAnalyzers analyzers = KbAnalyzers.withBundledSynonyms();
        if (!Files.exists(dir)) {
            build(dir, analyzers, corpusSize);
        }
        LuceneQueries queries = new LuceneQueries(analyzers);
        LocalDate today = LocalDate.now();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            System.out.printf(Locale.ROOT, "%d documents in %d segments%n", reader.numDocs(), reader.leaves().size());
            Form asClauses = query -> searcher.search(
                    queries.filtered(queries.search(query), query.category(), query.department(), query.validOn()),
                    new TopScoreDocCollectorManager(10, SearchPage.TOTAL_EXACT_UP_TO));
            Form perHit = query -> {
                Query scoring = queries.search(query);
                Weight filter = searcher.createWeight(searcher.rewrite(queries.everyDayFilter(query.validOn())),
                        ScoreMode.COMPLETE_NO_SCORES, 1f);
                return searcher.search(scoring, new FilteringCollectorManager<>(filter,
                        new TopScoreDocCollectorManager(10, SearchPage.TOTAL_EXACT_UP_TO)));
            };
            profile(KbSearchBenchmark.QUERIES, today, rounds, asClauses, perHit);
            if (args.length > 3) {
                compareTops(searcher, Path.of(args[3]), queries, today);
            }
        }
        System.out.printf(Locale.ROOT, "load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void build(Path dir, KbAnalyzers analyzers, int corpusSize) throws Exception {
        LuceneBackend backend = new LuceneBackend(dir, analyzers);
        backend.open();
        try {
            var corpus = KbSearchBenchmark.corpus(corpusSize);
            for (int from = 0; from < corpus.size(); from += 5000) {
                backend.upsert(corpus.subList(from, Math.min(corpus.size(), from + 5000)));
            }
            backend.compact();
        } finally {
            backend.close();
        }
    }

    /** Times both forms in turns, query by query, so load changes hit both alike. */
    private static void profile(List<String> texts, LocalDate today, int rounds, Form asClauses, Form perHit)
            throws IOException {
        Form[] forms = {asClauses, perHit};
        for (int warmup = 0; warmup < 5; warmup++) {
            for (String text : texts) {
                for (Form form : forms) {
                    form.run(new SearchQuery(text, null, null, today, 0, 10));
                }
            }
        }
        System.out.println("| query | clauses p50 ms | clauses p90 ms | per hit p50 ms | per hit p90 ms | same top 10 |");
        System.out.println("|---|---|---|---|---|---|");
        List<long[]> all = List.of(new long[texts.size() * rounds], new long[texts.size() * rounds]);
        for (int q = 0; q < texts.size(); q++) {
            SearchQuery query = new SearchQuery(texts.get(q), null, null, today, 0, 10);
            long[][] nanos = new long[forms.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int f = 0; f < forms.length; f++) {
                    long start = System.nanoTime();
                    forms[f].run(query);
                    nanos[f][r] = System.nanoTime() - start;
                    all.get(f)[q * rounds + r] = nanos[f][r];
                }
            }
            boolean same = ids(asClauses.run(query)).equals(ids(perHit.run(query)));
            Arrays.sort(nanos[0]);
            Arrays.sort(nanos[1]);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n", texts.get(q),
                    nanos[0][rounds / 2] / 1e6, nanos[0][rounds * 9 / 10] / 1e6,
                    nanos[1][rounds / 2] / 1e6, nanos[1][rounds * 9 / 10] / 1e6, same ? "yes" : "NO");
        }
        for (int f = 0; f < forms.length; f++) {
            long[] sorted = all.get(f);
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                    f == 0 ? "filters as clauses" : "filters per hit", sorted[sorted.length / 2] / 1e6,
                    sorted[sorted.length * 9 / 10] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6);
        }
    }

    /**
     * Compares the top 10 of every query on two indexes. Equal scores in another order count as a
     * tie, because a merge renumbers documents and Lucene breaks ties by document number.
     */
    private static void compareTops(IndexSearcher first, Path otherDir, LuceneQueries queries, LocalDate today)
            throws IOException {
        try (DirectoryReader otherReader = DirectoryReader.open(FSDirectory.open(otherDir))) {
            IndexSearcher other = new IndexSearcher(otherReader);
            for (String text : KbSearchBenchmark.QUERIES) {
                SearchQuery query = new SearchQuery(text, null, null, today, 0, 10);
                List<String> firstHits = hits(first, queries, query);
                List<String> otherHits = hits(other, queries, query);
                String verdict = firstHits.equals(otherHits) ? "same"
                        : scores(firstHits).equals(scores(otherHits)) ? "same scores, tied hits in another order" : "DIFFERENT";
                System.out.printf(Locale.ROOT, "%s: %s%n", text, verdict);
            }
        }
    }

    /** Returns the top 10 as {@code id@score} with scores rounded to 4 decimals. */
    private static List<String> hits(IndexSearcher searcher, LuceneQueries queries, SearchQuery query)
            throws IOException {
        Weight filter = searcher.createWeight(searcher.rewrite(queries.everyDayFilter(query.validOn())),
                ScoreMode.COMPLETE_NO_SCORES, 1f);
        TopDocs top = searcher.search(queries.search(query), new FilteringCollectorManager<>(filter,
                new TopScoreDocCollectorManager(10, SearchPage.TOTAL_EXACT_UP_TO)));
        List<String> hits = new ArrayList<>();
        for (ScoreDoc doc : top.scoreDocs) {
            hits.add(searcher.storedFields().document(doc.doc).get("id") + String.format(Locale.ROOT, "@%.4f", doc.score));
        }
        return hits;
    }

    private static List<String> scores(List<String> hits) {
        return hits.stream().map(hit -> hit.substring(hit.indexOf('@'))).toList();
    }

    private static List<Integer> ids(TopDocs top) {
        List<Integer> ids = new ArrayList<>();
        for (ScoreDoc doc : top.scoreDocs) {
            ids.add(doc.doc);
        }
        return ids;
    }
}
