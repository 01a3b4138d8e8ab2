package io.yikou.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards staff endpoints. Until user logins exist the only identity is the service token
 * ({@code YIKOU_ADMIN_TOKEN}); routes state the role they need so a login-based implementation can
 * enforce it without changing them.
 */
public interface StaffAuth {

    /** Staff roles, from least to most privileged. */
    enum Role { AGENT, SUPERVISOR, ADMINISTRATOR }

    /** Returns a handler that passes the request on only for a caller holding {@code role} or higher. */
    Handler<RoutingContext> require(Role role);

    /** Names the authenticated caller of a request that passed {@link #require}, for audit entries. */
    String actor(RoutingContext ctx);
}
