package io.yikou.core.staff;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Staff sessions in Redis, shared by every node, with an idle and an absolute timeout measured by the
 * store's clock. Thread-safe.
 */
public interface SessionStore {

    /** A session just created, with the secret the cookie carries. */
    record NewSession(String token, ActiveSession session) {
    }

    /** Creates a session for an account, with fresh random cookie and CSRF tokens. */
    Future<NewSession> create(StaffUser user);

    /**
     * Returns the session a cookie token belongs to and records the use, or empty when the token is
     * unknown, the session expired, or the account is gone. Does not check whether the account is
     * enabled.
     */
    Future<Optional<ActiveSession>> touch(String token);

    /** Like {@link #touch} for a session id, as a long-lived connection rechecks its session. */
    Future<Optional<ActiveSession>> touchById(String sessionId);

    /**
     * Like {@link #touchById} but without recording a use, so the idle timeout keeps running: for checks
     * the server makes on its own, such as an open WebSocket's periodic recheck.
     */
    Future<Optional<ActiveSession>> checkById(String sessionId);

    /** Ends one session; ending an unknown one does nothing. */
    Future<Void> revoke(String sessionId);

    /** Ends every session of an account and returns how many there were. */
    default Future<Integer> revokeAll(String userId) {
        return revokeAllExcept(userId, null);
    }

    /** Ends every session of an account but {@code keepId} (may be {@code null}); returns how many ended. */
    Future<Integer> revokeAllExcept(String userId, String keepId);

    /** Tells whether any session of an account is still live (neither idle- nor absolutely expired). */
    Future<Boolean> hasLiveSession(String userId);

    /** Returns the session id of a cookie token. */
    String idOf(String token);
}
