package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Progress of handing a ticket to the case system.
 *
 * @param attempts      submissions tried so far, across retries and nodes
 * @param lastError     why the last attempt failed, or {@code null}
 * @param lastAttemptAt when the last attempt ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingState(int attempts, String lastError, Instant lastAttemptAt) {

    public static final RoutingState NONE = new RoutingState(0, null, null);
}
