package io.yikou.core.casesystem;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Hands tickets to a case system. Implementations send the ticket number as the idempotency key on
 * every attempt and never resend on their own: retries are the router's decision, so each attempt
 * shows in the logs and the ticket history.
 */
public interface CaseConnector {

    /** Connector type as configured, such as {@code open311}. */
    String type();

    /**
     * Submits one ticket.
     *
     * @return the receipt; fails with a {@link CaseSystemException}
     */
    Future<CaseReceipt> submit(CaseRequest request);

    /**
     * Exchanges a token for the case id; empty while the case system has not assigned one yet.
     * Connectors without tokens return empty.
     */
    default Future<Optional<String>> resolveToken(String token) {
        return Future.succeededFuture(Optional.empty());
    }
}
