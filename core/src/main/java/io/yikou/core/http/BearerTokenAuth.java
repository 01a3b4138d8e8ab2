package io.yikou.core.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@link StaffAuth} by one shared bearer token, the service-account token. A caller with the token
 * has every role. Comparison takes the same time whatever the input, so the token cannot be
 * guessed byte by byte. The server combines this with session logins; tests of single modules use
 * it alone.
 */
public final class BearerTokenAuth implements StaffAuth {

    private final byte[] token;

    public BearerTokenAuth(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("admin token must be at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Handler<RoutingContext> require(Role role) {
        return ctx -> {
            if (matches(ctx.request())) {
                ctx.put(StaffPrincipal.CONTEXT_KEY, StaffPrincipal.service());
                ctx.next();
                return;
            }
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"yikou\"");
            ctx.fail(ApiException.of(401, "unauthorized"));
        };
    }

    @Override
    public String actor(RoutingContext ctx) {
        return principal(ctx).map(StaffPrincipal::actor).orElse("anonymous");
    }

    @Override
    public Future<StaffPrincipal> authenticate(HttpMethod method, MultiMap headers, Role role) {
        return presented(headers).map(this::matches).orElse(false)
                ? Future.succeededFuture(StaffPrincipal.service())
                : Future.failedFuture(ApiException.of(401, "unauthorized"));
    }

    /** Tells whether the request carries {@code Authorization: Bearer <the token>}. */
    public boolean matches(HttpServerRequest request) {
        return presented(request.headers()).map(this::matches).orElse(false);
    }

    /** Compares a presented token with the service token in constant time. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
    }

    /** Returns the bearer token of a request, when it has an {@code Authorization: Bearer} header. */
    public static Optional<String> presented(MultiMap headers) {
        String header = headers.get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.empty();
    }
}
