package io.yikou.core.audit;

/**
 * Filters for reading the audit log, newest first. {@code null} filters match everything.
 *
 * @param action  exact action name
 * @param actor   user id or login name of the actor
 * @param ticket  ticket number
 * @param citizen citizen id
 * @param before  return only entries older than this entry id (the previous page's cursor)
 * @param limit   most entries to return, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(String action, String actor, String ticket, String citizen, String before, int limit) {

    public static final int MAX_LIMIT = 200;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
    }

    /** Tells whether an entry passes every filter. */
    public boolean matches(AuditEntry entry) {
        return (action == null || action.equals(entry.action()))
                && (actor == null || actor.equals(entry.actorId()) || actor.equals(entry.actorName()))
                && (ticket == null || ticket.equals(entry.ticket()))
                && (citizen == null || citizen.equals(entry.citizen()));
    }
}
