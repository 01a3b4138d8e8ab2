package io.yikou.core.audit;

import io.vertx.ext.web.RoutingContext;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.http.TrustedProxies;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the staff audit log: who did what to which ticket, citizen or account, and when.
 * Fields that do not apply are {@code null}.
 *
 * @param id         the log's own id (a Redis stream id such as {@code 1733300000000-0}); {@code null}
 *                   before the entry is stored
 * @param at         when it happened
 * @param actorKind  {@code person}, {@code service} or {@code anonymous} (a failed login)
 * @param actorId    user id, {@code service-token}, or {@code null} when nobody is known
 * @param actorName  login name of the actor, or the name typed at a failed login
 * @param actorRole  role code at the time
 * @param action     what happened, such as {@code ticket.read}; see {@link AuditActions}
 * @param ticket     ticket number concerned
 * @param citizen    citizen id concerned
 * @param targetUser user id of the account concerned, for account changes
 * @param address    client address, where known
 * @param detail     short free text: the changed fields, a search query, a reason
 */
public record AuditEntry(String id, Instant at, String actorKind, String actorId, String actorName,
                         String actorRole, String action, String ticket, String citizen, String targetUser,
                         String address, String detail) {

    /** Starts an entry for an action by an authenticated caller. */
    public static AuditEntry by(StaffPrincipal principal, String action, Instant at) {
        return new AuditEntry(null, at, principal.isPerson() ? "person" : "service", principal.userId(),
                principal.username(), principal.role().code(), action, null, null, null, null, null);
    }

    /**
     * Starts an entry for the caller of a request that passed {@code StaffAuth.require}, with the client
     * address; empty when the auth names no principal.
     */
    public static Optional<AuditEntry> forRequest(StaffAuth auth, RoutingContext ctx, String action, Instant at) {
        TrustedProxies.Origin origin = ctx.get(TrustedProxies.CONTEXT_KEY);
        String address = origin != null ? origin.address()
                : ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        return auth.principal(ctx).map(principal -> by(principal, action, at).withAddress(address));
    }

    /** Starts an entry for an action by somebody not (yet) authenticated, such as a failed login. */
    public static AuditEntry anonymous(String typedName, String action, Instant at) {
        return new AuditEntry(null, at, "anonymous", null, typedName, null, action, null, null, null, null, null);
    }

    public AuditEntry withTicket(String number) {
        return new AuditEntry(id, at, actorKind, actorId, actorName, actorRole, action, number, citizen, targetUser,
                address, detail);
    }

    public AuditEntry withCitizen(String citizenId) {
        return new AuditEntry(id, at, actorKind, actorId, actorName, actorRole, action, ticket, citizenId,
                targetUser, address, detail);
    }

    public AuditEntry withTargetUser(String userId) {
        return new AuditEntry(id, at, actorKind, actorId, actorName, actorRole, action, ticket, citizen, userId,
                address, detail);
    }

    public AuditEntry withAddress(String clientAddress) {
        return new AuditEntry(id, at, actorKind, actorId, actorName, actorRole, action, ticket, citizen, targetUser,
                clientAddress, detail);
    }

    public AuditEntry withDetail(String text) {
        return new AuditEntry(id, at, actorKind, actorId, actorName, actorRole, action, ticket, citizen, targetUser,
                address, text);
    }

    public AuditEntry withId(String storedId) {
        return new AuditEntry(storedId, at, actorKind, actorId, actorName, actorRole, action, ticket, citizen,
                targetUser, address, detail);
    }
}
