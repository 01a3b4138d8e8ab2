package io.yikou.core.audit;

import java.util.List;

/**
 * Entries found by one {@link AuditQuery}, newest first.
 *
 * @param entries    the matching entries
 * @param nextBefore cursor for the next (older) page, or {@code null} when the log has no older entries
 */
public record AuditPage(List<AuditEntry> entries, String nextBefore) {
}
