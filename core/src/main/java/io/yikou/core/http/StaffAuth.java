package io.yikou.core.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Guards staff endpoints. Routes state the role they need with {@link #require}; the implementation
 * decides who the caller is: the service token ({@code YIKOU_ADMIN_TOKEN}) or, in the server, also a
 * staff member's session cookie.
 *
 * <p>Long-lived connections (WebSocket, server-sent events) authenticate their opening request with
 * {@link #authenticate} and check every later message with {@link #reauthorize}, so a logout, a
 * disabled account or a role change takes effect on the next message.
 */
public interface StaffAuth {

    /** Staff roles, from least to most privileged; a role includes every role below it. */
    enum Role {
        AGENT, SUPERVISOR, ADMINISTRATOR;

        /** Tells whether a holder of this role may do what {@code required} may do. */
        public boolean includes(Role required) {
            return ordinal() >= required.ordinal();
        }

        /** Returns the lower-case name used in the API and the UI, such as {@code supervisor}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a role code, ignoring case. */
        public static Optional<Role> parse(String code) {
            if (code == null) {
                return Optional.empty();
            }
            for (Role role : values()) {
                if (role.code().equalsIgnoreCase(code.trim())) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Returns a handler that passes the request on only for a caller with {@code role} or higher. It
     * fails the request with 401 without valid credentials and with 403 for a lower role. A session
     * request with an unsafe method and no valid CSRF token also gets 403.
     */
    Handler<RoutingContext> require(Role role);

    /** Names the authenticated caller of a request that passed {@link #require}, for logs and events. */
    String actor(RoutingContext ctx);

    /** Returns the caller of a request that passed {@link #require}; empty before that. */
    default Optional<StaffPrincipal> principal(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(StaffPrincipal.CONTEXT_KEY));
    }

    /**
     * Authenticates a request that no router route guards, such as an SSE request, with the same rules
     * as {@link #require}. Fails with an {@link ApiException} of status 401 or 403.
     */
    default Future<StaffPrincipal> authenticate(HttpServerRequest request, Role role) {
        return authenticate(request.method(), request.headers(), role);
    }

    /**
     * Authenticates by method and headers alone, for a WebSocket handshake
     * ({@code ServerWebSocketHandshake.headers()}, method GET) or a request whose object is not at hand.
     * A WebSocket handshake from a browser must also come from this server's own origin. The default
     * implementation rejects every request with 401.
     */
    default Future<StaffPrincipal> authenticate(HttpMethod method, MultiMap headers, Role role) {
        return Future.failedFuture(ApiException.of(401, "unauthorized"));
    }

    /**
     * Checks again that a principal from {@link #authenticate} is still valid and has {@code role}, for
     * each message on a long-lived connection. The check counts as use of a session principal's
     * session. Fails with an {@link ApiException} of status 401 (logged out, expired, disabled) or 403.
     * The default implementation compares the principal's role only.
     */
    default Future<StaffPrincipal> reauthorize(StaffPrincipal principal, Role role) {
        return principal.role().includes(role)
                ? Future.succeededFuture(principal)
                : Future.failedFuture(ApiException.of(403, "forbidden"));
    }

    /**
     * Checks a principal like {@link #reauthorize} without counting as use of its session, for checks the
     * server makes on its own (a timer on an open WebSocket), so an unattended browser still reaches the
     * idle timeout. The default implementation is {@link #reauthorize}.
     */
    default Future<StaffPrincipal> recheck(StaffPrincipal principal, Role role) {
        return reauthorize(principal, role);
    }
}
