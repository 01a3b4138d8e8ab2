package io.yikou.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@link StaffAuth} by one shared bearer token, the service-account token. A caller with the token
 * has every role. Comparison takes the same time whatever the input, so the token cannot be
 * guessed byte by byte.
 */
public final class BearerTokenAuth implements StaffAuth {

    private static final String ACTOR_KEY = "yikou.actor";

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
            String header = ctx.request().getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                if (MessageDigest.isEqual(presented, token)) {
                    ctx.put(ACTOR_KEY, "service-token");
                    ctx.next();
                    return;
                }
            }
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"yikou\"");
            ctx.fail(ApiException.of(401, "unauthorized"));
        };
    }

    @Override
    public String actor(RoutingContext ctx) {
        String actor = ctx.get(ACTOR_KEY);
        return actor == null ? "anonymous" : actor;
    }
}
