package io.yikou.channels.webform.open311;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.ticket.TicketType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the Open311 GeoReport v2 endpoint under {@code /open311/v2/}.
 *
 * @param apiKeys           keys that may create requests ({@code open311.api-keys},
 *                          {@code YIKOU_OPEN311_API_KEYS} comma-separated); empty means every POST
 *                          gets 403 while the open GETs still work
 * @param jurisdictionId    this endpoint's {@code jurisdiction_id}; when set, a request naming
 *                          another one gets 404; when empty the parameter is ignored
 * @param defaultTicketType ticket type for requests without {@code attribute[ticket_type]}
 */
public record Open311Options(List<String> apiKeys, Optional<String> jurisdictionId, TicketType defaultTicketType) {

    /** Shortest API key accepted, so keys cannot be guessed by trying. */
    static final int MIN_KEY_LENGTH = 16;

    public Open311Options {
        apiKeys = List.copyOf(apiKeys);
    }

    static List<EnvOverride> envOverrides() {
        return List.of(
                new EnvOverride("YIKOU_OPEN311_API_KEYS", "open311.api-keys"),
                new EnvOverride("YIKOU_OPEN311_JURISDICTION_ID", "open311.jurisdiction-id"));
    }

    /** Reads the {@code open311.*} keys; problems go to the reader and never show a key's value. */
    static Open311Options read(ConfigReader reader) {
        List<String> keys = reader.stringList("open311.api-keys", List.of());
        for (String key : keys) {
            if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x21)) {
                reader.problem("open311.api-keys", "(a key of " + key.length() + " characters)",
                        "keys of at least " + MIN_KEY_LENGTH + " printable characters without spaces, separated by commas");
            }
        }
        String[] typeCodes = Arrays.stream(TicketType.values()).map(TicketType::code).toArray(String[]::new);
        String type = reader.oneOf("open311.default-ticket-type", TicketType.HELP.code(), typeCodes);
        return new Open311Options(keys, reader.optionalString("open311.jurisdiction-id"),
                TicketType.parse(type).orElse(TicketType.HELP));
    }
}
