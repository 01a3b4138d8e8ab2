package io.yikou.core.casesystem;

import io.yikou.core.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings for routing tickets to the grid case system and receiving its status updates.
 *
 * @param type                 {@code open311} or {@code webhook}; {@code demo} routes to the demo case
 *                             system built into this server, for trying Yikou without one
 * @param url                  base URL: the Open311 endpoint root or the webhook URL
 * @param apiKey               Open311 {@code api_key}
 * @param webhookSecret        HMAC-SHA256 secret signing outgoing webhooks and checking incoming events
 * @param jurisdictionId       Open311 {@code jurisdiction_id}, or empty
 * @param timeout              per-request timeout
 * @param maxAttempts          attempts before a ticket is marked routing-failed
 * @param backoffInitial       delay before the first retry
 * @param backoffMax           longest delay between retries
 * @param eventTolerance       how far an event's timestamp may be from now before it is rejected
 * @param maxDescriptionChars  longest description the case system accepts; longer ones are cut
 * @param defaultServiceCode   Open311 service code for tickets without a category
 * @param concurrency          tickets routed in parallel per node
 * @param claimIdle            how long a stream entry may sit unacknowledged before another node claims it
 */
public record CaseSystemOptions(String type, Optional<URI> url, Optional<String> apiKey,
                                Optional<String> webhookSecret, Optional<String> jurisdictionId, Duration timeout,
                                int maxAttempts, Duration backoffInitial, Duration backoffMax,
                                Duration eventTolerance, int maxDescriptionChars, String defaultServiceCode,
                                int concurrency, Duration claimIdle) {

    public static CaseSystemOptions read(ConfigReader reader) {
        String type = reader.oneOf("case-system.type", "demo", "open311", "webhook", "demo");
        Optional<URI> url = reader.httpUrl("case-system.url");
        if (!type.equals("demo") && url.isEmpty() && reader.optionalString("case-system.url").isEmpty()) {
            reader.problem("case-system.url", null, "the case system's URL when case-system.type is " + type);
        }
        Optional<String> secret = reader.optionalString("case-system.webhook-secret");
        secret.filter(s -> s.length() < 16).ifPresent(s ->
                reader.problem("case-system.webhook-secret", "(" + s.length() + " characters)", "at least 16 characters"));
        if (type.equals("webhook") && secret.isEmpty()) {
            reader.problem("case-system.webhook-secret", null, "a secret of at least 16 characters when case-system.type is webhook");
        }
        return new CaseSystemOptions(type, url,
                reader.optionalString("case-system.api-key"),
                secret,
                reader.optionalString("case-system.jurisdiction-id"),
                reader.duration("case-system.timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)),
                reader.integer("case-system.max-attempts", 10, 1, 1000),
                reader.duration("case-system.backoff-initial", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(10)),
                reader.duration("case-system.backoff-max", Duration.ofMinutes(5), Duration.ofMillis(10), Duration.ofHours(6)),
                reader.duration("case-system.event-tolerance", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(1)),
                reader.integer("case-system.max-description-chars", 4000, 50, 100_000),
                reader.string("case-system.default-service-code", "H0999"),
                reader.integer("case-system.concurrency", 4, 1, 256),
                reader.duration("case-system.claim-idle", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
