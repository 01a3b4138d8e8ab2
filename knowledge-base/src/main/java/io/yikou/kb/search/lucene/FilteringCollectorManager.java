package io.yikou.kb.search.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * Passes to the wrapped collectors only the hits that a filter matches, checking the filter per
 * collected hit instead of adding it to the query as a required clause.
 *
 * <p>This is for filters that match almost every document, such as "not retired" and "valid
 * today". Lucene 9.12 scores a top-level pure disjunction with {@code MaxScoreBulkScorer}, which
 * skips whole windows of documents that cannot enter the top hits. A required filter clause makes
 * the query a conjunction, which that scorer does not handle, and on the 100,000-article search
 * benchmark that made the slowest queries two to four times slower. Checked here, the filter costs
 * one advance of its iterator per collected hit. Skipping stays correct because rejected hits
 * never reach the wrapped collector, so they cannot raise its minimum competitive score. A
 * selective filter (a category) belongs in the query, where it leads the conjunction.
 */
final class FilteringCollectorManager<C extends Collector, T> implements CollectorManager<FilteringCollectorManager.Filtering<C>, T> {

    private final Weight filter;
    private final CollectorManager<C, T> delegate;

    /**
     * @param filter   weight of the filter query, created on the searcher that runs the search with
     *                 {@link org.apache.lucene.search.ScoreMode#COMPLETE_NO_SCORES}
     * @param delegate the manager whose collectors receive the hits that pass
     */
    FilteringCollectorManager(Weight filter, CollectorManager<C, T> delegate) {
        this.filter = filter;
        this.delegate = delegate;
    }

    @Override
    public Filtering<C> newCollector() throws IOException {
        return new Filtering<>(delegate.newCollector(), filter);
    }

    @Override
    public T reduce(Collection<Filtering<C>> collectors) throws IOException {
        List<C> inner = new ArrayList<>(collectors.size());
        for (Filtering<C> collector : collectors) {
            inner.add(collector.delegate());
        }
        return delegate.reduce(inner);
    }

    /** A collector that forwards the hits the filter matches. */
    static final class Filtering<C extends Collector> extends FilterCollector {

        private final C delegate;
        private final Weight filter;

        Filtering(C delegate, Weight filter) {
            super(delegate);
            this.delegate = delegate;
            this.filter = filter;
        }

        C delegate() {
            return delegate;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            Scorer matching = filter.scorer(context);
            if (matching == null) {
                // No document of this segment passes: skip the segment.
                throw new CollectionTerminatedException();
            }
            DocIdSetIterator passing = matching.iterator();
            return new FilterLeafCollector(super.getLeafCollector(context)) {
                @Override
                public void collect(int doc) throws IOException {
                    // Hits arrive in increasing doc id order within a segment, so the iterator only moves forward.
                    int current = passing.docID();
                    if (current < doc) {
                        current = passing.advance(doc);
                    }
                    if (current == doc) {
                        in.collect(doc);
                    }
                }
            };
        }
    }
}
