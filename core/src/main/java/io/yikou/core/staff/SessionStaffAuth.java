package io.yikou.core.staff;

import io.vertx.core.Future;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.audit.impl.RedisAuditLog;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.BearerTokenAuth;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.http.TrustedProxies;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.impl.RedisLoginThrottle;
import io.yikou.core.staff.impl.RedisSessionStore;
import io.yikou.core.staff.impl.RedisUserStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * {@link StaffAuth} for the server: accepts the service token ({@code Authorization: Bearer}) or a
 * staff session cookie. Cookie-authenticated requests with an unsafe method (anything but GET, HEAD,
 * OPTIONS) must repeat the session's CSRF token in the {@code X-CSRF-Token} header; bearer requests
 * need none because browsers never add that header on their own. The account is read on every
 * request, so disabling it or changing its role takes effect at once. Thread-safe.
 *
 * <p>Vert.x web's own session and CSRF handlers are not used: they have no absolute timeout, no
 * injectable clock and no way to check a session again for each WebSocket message.
 */
public final class SessionStaffAuth implements StaffAuth {

    /** Name of the session cookie. */
    public static final String COOKIE = "yikou_session";
    /** Header carrying the CSRF token on unsafe requests. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Routing-context key of the {@link ActiveSession} behind a cookie-authenticated request. */
    public static final String SESSION_KEY = "yikou.staff.session";

    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final BearerTokenAuth serviceToken;
    private final SessionStore sessions;
    private final StaffOptions options;
    private final StaffAccounts accounts;
    private final StaffLogins logins;
    private final AuditLog audit;
    private final SessionEndListeners sessionEnds;

    public SessionStaffAuth(BearerTokenAuth serviceToken, SessionStore sessions, StaffOptions options,
                            StaffAccounts accounts, StaffLogins logins, AuditLog audit,
                            SessionEndListeners sessionEnds) {
        this.sessionEnds = sessionEnds;
        this.serviceToken = serviceToken;
        this.sessions = sessions;
        this.options = options;
        this.accounts = accounts;
        this.logins = logins;
        this.audit = audit;
    }

    /**
     * Builds the Redis-backed staff services and the auth in front of them.
     *
     * @param serviceToken the service account's token ({@code YIKOU_ADMIN_TOKEN})
     */
    public static SessionStaffAuth create(Vertx vertx, RedisConnector redis, StaffOptions options, Clock clock,
                                          String serviceToken) {
        UserStore users = new RedisUserStore(redis);
        SessionStore sessions = new RedisSessionStore(redis, clock, options.idleTimeout(), options.absoluteTimeout());
        LoginThrottle throttle = new RedisLoginThrottle(redis, clock, options.failureWindow(),
                options.maxFailuresPerUser(), options.maxFailuresPerAddress());
        PasswordHashing hashing = new PasswordHashing(options.hashMemoryKib(), options.hashIterations());
        // Each hash uses hashMemoryKib of memory while it runs. A small pool of its own bounds memory and
        // CPU when many logins arrive at once, and keeps hashing off the shared worker pool.
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("yikou-password-hashing", threads);
        AuditLog audit = new RedisAuditLog(redis, clock, options.auditRetention());
        SessionEndListeners ended = new SessionEndListeners();
        StaffAccounts accounts = new StaffAccounts(users, sessions, throttle, hashing, pool, audit, options, clock,
                ended);
        StaffLogins logins = new StaffLogins(users, sessions, throttle, hashing, pool, audit, clock, ended);
        return new SessionStaffAuth(new BearerTokenAuth(serviceToken), sessions, options, accounts, logins, audit,
                ended);
    }

    @Override
    public Handler<RoutingContext> require(Role role) {
        return ctx -> {
            ctx.put(TrustedProxies.CONTEXT_KEY, options.trustedProxies().origin(ctx.request()));
            check(ctx.request().method(), ctx.request().headers(), role).onComplete(result -> {
                if (result.failed()) {
                    reject(ctx, result.cause());
                    return;
                }
                Checked checked = result.result();
                ctx.put(StaffPrincipal.CONTEXT_KEY, checked.principal());
                checked.session().ifPresent(session -> ctx.put(SESSION_KEY, session));
                ctx.next();
            });
        };
    }

    @Override
    public String actor(RoutingContext ctx) {
        return principal(ctx).map(StaffPrincipal::actor).orElse("anonymous");
    }

    @Override
    public Future<StaffPrincipal> authenticate(HttpMethod method, MultiMap headers, Role role) {
        return check(method, headers, role).map(Checked::principal);
    }

    @Override
    public Future<StaffPrincipal> reauthorize(StaffPrincipal principal, Role role) {
        if (!principal.isPerson()) {
            return StaffAuth.super.reauthorize(principal, role);
        }
        return sessions.touchById(principal.sessionId()).compose(found -> admit(found, role).map(Checked::principal));
    }

    @Override
    public Future<StaffPrincipal> recheck(StaffPrincipal principal, Role role) {
        if (!principal.isPerson()) {
            return StaffAuth.super.reauthorize(principal, role);
        }
        return sessions.checkById(principal.sessionId()).compose(found -> admit(found, role).map(Checked::principal));
    }

    /**
     * Returns the session behind a request's cookie, checking no role and no CSRF token. Pages use it to
     * choose between the login page and the desk. Empty when there is no valid session.
     */
    public Future<Optional<ActiveSession>> session(HttpServerRequest request) {
        Optional<String> cookie = sessionCookie(request.headers());
        if (cookie.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return sessions.touch(cookie.get()).map(found -> found.filter(s -> s.user().enabled()));
    }

    /** Returns where a request came from, honouring the trusted proxies. */
    public TrustedProxies.Origin origin(HttpServerRequest request) {
        return options.trustedProxies().origin(request);
    }

    /** Sets the session cookie: HttpOnly, SameSite as configured, Secure when the request was secure. */
    public void setCookie(HttpServerRequest request, HttpServerResponse response, String token) {
        response.addCookie(cookie(request, token));
    }

    /** Removes the session cookie from the browser. */
    public void clearCookie(HttpServerRequest request, HttpServerResponse response) {
        response.addCookie(cookie(request, "").setMaxAge(0));
    }

    public StaffAccounts accounts() {
        return accounts;
    }

    public StaffLogins logins() {
        return logins;
    }

    public AuditLog audit() {
        return audit;
    }

    public StaffOptions options() {
        return options;
    }

    /** Returns the listeners notified when a person's last session ends (logout, disabling, password reset). */
    public SessionEndListeners sessionEnds() {
        return sessionEnds;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** The outcome of a successful check: who, and the session when a cookie was used. */
    private record Checked(StaffPrincipal principal, Optional<ActiveSession> session) {
    }

    private Future<Checked> check(HttpMethod method, MultiMap headers, Role role) {
        Optional<String> bearer = BearerTokenAuth.presented(headers);
        if (bearer.isPresent()) {
            // A bearer header decides alone, so a stale cookie can never stand in for a wrong token.
            return serviceToken.matches(bearer.get())
                    ? Future.succeededFuture(new Checked(StaffPrincipal.service(), Optional.empty()))
                    : Future.failedFuture(new BearerRejected());
        }
        Optional<String> cookie = sessionCookie(headers);
        if (cookie.isEmpty()) {
            return Future.failedFuture(ApiException.of(401, "unauthorized"));
        }
        return sessions.touch(cookie.get()).compose(found -> admit(found, role)).compose(checked -> {
            ActiveSession session = checked.session().orElseThrow();
            if (!SAFE_METHODS.contains(method) && !sameToken(headers.get(CSRF_HEADER), session.csrfToken())) {
                return Future.failedFuture(ApiException.of(403, "csrf_token_invalid"));
            }
            if (isWebSocketUpgrade(headers) && !sameOrigin(headers)) {
                return Future.failedFuture(ApiException.of(403, "forbidden"));
            }
            return Future.succeededFuture(checked);
        });
    }

    /** Returns the session cookie's value from the {@code Cookie} headers, if present. */
    private static Optional<String> sessionCookie(MultiMap headers) {
        for (String header : headers.getAll("Cookie")) {
            for (io.netty.handler.codec.http.cookie.Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
                if (cookie.name().equals(COOKIE)) {
                    return Optional.of(cookie.value());
                }
            }
        }
        return Optional.empty();
    }

    private static Future<Checked> admit(Optional<ActiveSession> found, Role role) {
        if (found.isEmpty() || !found.get().user().enabled()) {
            return Future.failedFuture(new SessionEnded());
        }
        ActiveSession session = found.get();
        if (!session.user().role().includes(role)) {
            return Future.failedFuture(ApiException.of(403, "forbidden"));
        }
        return Future.succeededFuture(new Checked(StaffLogins.principal(session), Optional.of(session)));
    }

    private void reject(RoutingContext ctx, Throwable cause) {
        if (cause instanceof BearerRejected) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"yikou\"");
        } else if (cause instanceof SessionEnded) {
            clearCookie(ctx.request(), ctx.response());
        }
        ctx.fail(cause);
    }

    private Cookie cookie(HttpServerRequest request, String value) {
        boolean secure = options.trustedProxies().origin(request).secure();
        return Cookie.cookie(COOKIE, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(options.sameSite().equals("Lax") ? CookieSameSite.LAX : CookieSameSite.STRICT);
    }

    private static boolean sameToken(String presented, String expected) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isWebSocketUpgrade(MultiMap headers) {
        String upgrade = headers.get("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /**
     * Tells whether a browser's {@code Origin} names this server's host, so another site cannot open a
     * WebSocket with the staff member's cookie. Requests without the header (non-browser clients) pass.
     */
    private static boolean sameOrigin(MultiMap headers) {
        String origin = headers.get("Origin");
        if (origin == null) {
            return true;
        }
        String host = headers.get("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 401 for a wrong bearer token; the response names the Bearer scheme. */
    private static final class BearerRejected extends ApiException {
        BearerRejected() {
            super(401, "unauthorized", "error.unauthorized", java.util.List.of());
        }
    }

    /** 401 for a cookie whose session is gone; the response removes the cookie. */
    private static final class SessionEnded extends ApiException {
        SessionEnded() {
            super(401, "session_expired", "error.session_expired", java.util.List.of());
        }
    }
}
