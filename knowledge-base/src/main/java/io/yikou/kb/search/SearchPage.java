package io.yikou.kb.search;

import java.util.List;

/**
 * One page of search results.
 *
 * @param total number of matching articles (exact up to {@link #TOTAL_EXACT_UP_TO}, a lower bound above)
 * @param hits  best first
 */
public record SearchPage(long total, List<SearchHit> hits) {

    /** Totals are counted exactly up to this many hits; counting further costs time for no use. */
    public static final int TOTAL_EXACT_UP_TO = 1000;
}
