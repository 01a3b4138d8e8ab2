package io.yikou.core.audit;

import io.vertx.core.Future;

/**
 * The append-only record of who viewed citizens' data or changed tickets and accounts. Nothing in
 * Yikou edits or deletes entries; only the configured retention trims the oldest. Thread-safe.
 */
public interface AuditLog {

    /** Appends an entry; the future fails when it could not be stored. */
    Future<Void> append(AuditEntry entry);

    /**
     * Reads entries newest first. Scans at most a bounded number of entries per call, so a narrow
     * filter over a long log can return fewer than {@code limit} matches together with a cursor to
     * continue from.
     */
    Future<AuditPage> query(AuditQuery query);
}
