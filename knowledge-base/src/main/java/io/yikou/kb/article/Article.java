package io.yikou.kb.article;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One knowledge-base article: the answer an agent reads to a citizen.
 *
 * <p>Immutable. {@link #version()} starts at 1 and grows by one with every stored change; the
 * store accepts a write only when the caller's base version is still current.
 *
 * @param id         stable id such as {@code heating-repair}; letters, digits, {@code -} and {@code _}
 * @param title      headline agents search and read first
 * @param body       the answer, in Markdown
 * @param category   topic such as {@code 冬季供暖}, used as a search filter
 * @param department responsible department such as {@code 区城市管理委员会}
 * @param tags       extra search words
 * @param validFrom  first day the content applies, or {@code null} for "always"
 * @param validTo    last day the content applies, or {@code null} for "until changed"
 * @param owner      person or team that keeps the article correct
 * @param source     where the content comes from (a regulation, a notice, a department)
 * @param reviewDue  day by which the owner must check the article again, or {@code null}
 * @param retired    withdrawn by an editor; kept for the record, never shown in search
 * @param createdAt  when first stored
 * @param updatedAt  when last changed
 * @param version    optimistic-concurrency version; 0 for an article not stored yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Article(String id, String title, String body, String category, String department,
                      List<String> tags, LocalDate validFrom, LocalDate validTo, String owner, String source,
                      LocalDate reviewDue, boolean retired, Instant createdAt, Instant updatedAt, long version) {

    public Article {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Tells whether the article applies on {@code day} and has not been retired. */
    public boolean isCurrent(LocalDate day) {
        return !retired
                && (validFrom == null || !day.isBefore(validFrom))
                && (validTo == null || !day.isAfter(validTo));
    }

    /** Tells whether the owner's review is overdue on {@code day}. */
    public boolean isReviewOverdue(LocalDate day) {
        return !retired && reviewDue != null && day.isAfter(reviewDue);
    }

    /** Returns a copy stored as the next version at {@code at}; {@code createdAt} is kept when set. */
    public Article stored(long newVersion, Instant at) {
        return new Article(id, title, body, category, department, tags, validFrom, validTo, owner, source,
                reviewDue, retired, createdAt == null ? at : createdAt, at, newVersion);
    }

    /** Returns a retired copy; the caller stores it as the next version. */
    public Article retire() {
        return new Article(id, title, body, category, department, tags, validFrom, validTo, owner, source,
                reviewDue, true, createdAt, updatedAt, version);
    }
}
