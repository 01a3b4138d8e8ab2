package io.yikou.kb.search;

import java.time.LocalDate;

/**
 * A knowledge-base search.
 *
 * @param text       what the agent typed, already checked by {@link QueryText}; plain text, never
 *                   query syntax
 * @param category   only this category, or {@code null}
 * @param department only this department, or {@code null}
 * @param validOn    only articles valid on this day, or {@code null} for every non-retired article
 * @param offset     hits to skip, for paging
 * @param limit      hits to return
 */
public record SearchQuery(String text, String category, String department, LocalDate validOn, int offset,
                          int limit) {

    /** Deepest hit a page may reach; deeper paging costs more than it helps an agent. */
    public static final int MAX_WINDOW = 1000;

    public SearchQuery {
        if (offset < 0 || limit < 1 || offset + limit > MAX_WINDOW) {
            throw new IllegalArgumentException("offset " + offset + " and limit " + limit
                    + " must satisfy offset >= 0, limit >= 1, offset + limit <= " + MAX_WINDOW);
        }
    }
}
