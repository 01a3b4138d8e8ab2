package io.yikou.core.staff;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs staff members in and out. A login is checked against the throttle first, so refused guesses
 * cost no hashing; an unknown name costs as much time as a wrong password, so timing does not tell
 * which names exist. Every outcome is logged with opaque ids and audit-logged. Thread-safe.
 */
public final class StaffLogins {

    private static final Logger LOG = LoggerFactory.getLogger(StaffLogins.class);
    /** Longest password even looked at; longer ones fail without hashing. */
    private static final int MAX_PASSWORD_CHARS = 1024;

    /** A successful login: the cookie token and the new session. */
    public record LoginSuccess(String token, ActiveSession session) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final PasswordHashing hashing;
    private final WorkerExecutor hashingPool;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicLong throttledCount = new AtomicLong();
    private final SessionEndListeners ended;

    public StaffLogins(UserStore users, SessionStore sessions, LoginThrottle throttle, PasswordHashing hashing,
                       WorkerExecutor hashingPool, AuditLog audit, Clock clock, SessionEndListeners ended) {
        this.ended = ended;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hashing = hashing;
        this.hashingPool = hashingPool;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Checks a login name and password and opens a session.
     *
     * @param previousToken the session cookie the browser still sent, if any; that session is ended so a
     *                      session id planted before login cannot be carried over
     * @throws ApiException (in the future) 401 {@code login_failed} for a wrong name or password or a
     *                      disabled account, {@link LoginThrottledException} 429 after too many failures
     */
    public Future<LoginSuccess> login(String typedName, String password, String address,
                                      Optional<String> previousToken) {
        String username = Usernames.normalize(typedName);
        String given = password == null ? "" : password;
        return throttle.admit(username, address).compose(admission -> {
            if (admission.attempt().isEmpty()) {
                return refuse(username, address, admission.retryAfter());
            }
            LoginThrottle.Attempt attempt = admission.attempt().get();
            return users.findByUsername(username)
                    .compose(found -> hashingPool.executeBlocking(() -> check(found, given), false))
                    .compose(user -> {
                        if (user.isEmpty()) {
                            return fail(username, address);
                        }
                        return throttle.succeeded(attempt)
                                .compose(ignored -> rehashIfNeeded(user.get(), given))
                                .compose(ignored -> endPrevious(previousToken))
                                .compose(ignored -> sessions.create(user.get()))
                                .compose(created -> opened(created, address));
                    });
        });
    }

    /** Ends a session on the person's request. */
    public Future<Void> logout(StaffPrincipal principal, String address) {
        if (!principal.isPerson()) {
            return Future.succeededFuture();
        }
        return sessions.revoke(principal.sessionId()).compose(ignored -> {
            LOG.info("User {} logged out (session {})", principal.userId(), shortId(principal.sessionId()));
            return audit.append(AuditEntry.by(principal, AuditActions.LOGOUT, clock.instant()).withAddress(address));
        }).compose(ignored -> sessions.hasLiveSession(principal.userId())).map(live -> {
            // Another browser may still be logged in, so only the end of the last session counts.
            if (!live) {
                ended.fire(principal.userId(), "logout");
            }
            return null;
        });
    }

    /** Returns the account when the password matches an enabled account; runs on a worker thread. */
    private Optional<StaffUser> check(Optional<StaffUser> found, String password) {
        if (password.isEmpty() || password.length() > MAX_PASSWORD_CHARS) {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            hashing.checkDecoy(password);
            return Optional.empty();
        }
        StaffUser user = found.get();
        boolean matches = hashing.matches(password, user.passwordHash());
        return matches && user.enabled() ? Optional.of(user) : Optional.empty();
    }

    private Future<LoginSuccess> refuse(String username, String address, java.time.Duration retryAfter) {
        long count = throttledCount.incrementAndGet();
        // An attack can produce thousands of refusals; the first and every hundredth are enough to see it.
        if (count == 1 || count % 100 == 0) {
            LOG.warn("Refused login for {} from {} after too many failures; {} refusals on this node so far",
                    Masking.id(username), address, count);
        }
        return Future.failedFuture(new LoginThrottledException(retryAfter));
    }

    private Future<LoginSuccess> fail(String username, String address) {
        LOG.info("Failed login for {} from {}", Masking.id(username), address);
        return audit.append(AuditEntry.anonymous(username, AuditActions.LOGIN_FAILED, clock.instant())
                        .withAddress(address))
                .compose(ignored -> Future.failedFuture(ApiException.of(401, "login_failed")));
    }

    private Future<Void> rehashIfNeeded(StaffUser user, String password) {
        if (!hashing.needsRehash(user.passwordHash())) {
            return Future.succeededFuture();
        }
        return hashingPool.executeBlocking(() -> hashing.hash(password), false)
                .compose(hash -> users.update(user.id(), u -> u.passwordHash().equals(user.passwordHash())
                        ? u.withPasswordHash(hash, clock.instant()) : u))
                .onSuccess(ignored -> LOG.info("Rehashed the password of user {} with the current settings", user.id()))
                .mapEmpty();
    }

    private Future<Void> endPrevious(Optional<String> previousToken) {
        return previousToken.map(token -> sessions.revoke(sessions.idOf(token))).orElse(Future.succeededFuture());
    }

    private Future<LoginSuccess> opened(SessionStore.NewSession created, String address) {
        ActiveSession session = created.session();
        StaffUser user = session.user();
        LOG.info("User {} ({}) logged in from {}; session {}", user.id(), user.role().code(), address,
                shortId(session.id()));
        StaffPrincipal principal = principal(session);
        return audit.append(AuditEntry.by(principal, AuditActions.LOGIN, clock.instant()).withAddress(address))
                .map(new LoginSuccess(created.token(), session));
    }

    /** Returns the principal of a session. */
    static StaffPrincipal principal(ActiveSession session) {
        StaffUser user = session.user();
        return new StaffPrincipal(StaffPrincipal.Kind.PERSON, user.id(), user.username(), user.displayName(),
                user.role(), session.id());
    }

    /** The first 12 hex digits of a session id: enough to match log lines, useless as a credential. */
    static String shortId(String sessionId) {
        return sessionId == null ? "-" : sessionId.substring(0, Math.min(12, sessionId.length()));
    }
}
