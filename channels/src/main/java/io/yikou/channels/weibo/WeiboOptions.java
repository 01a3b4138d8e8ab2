package io.yikou.channels.weibo;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikou.channels.support.Datum;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.ticket.TicketType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code weibo.*} section.
 *
 * @param apiBaseUrl         base URL of the reply API ({@code /2/messages/reply.json})
 * @param mediaBaseUrl       base URL of the media download API ({@code /2/mss/msget})
 * @param timestampTolerance pushes whose {@code timestamp} differs more from the clock are rejected
 * @param maxBodyBytes       larger push bodies get 413
 * @param ackDeadline        the response to a push goes out at this point at the latest, inside Weibo's 5 s
 * @param apiTimeout         timeout of one API request
 * @param replyWindow        how long after a citizen's message replies are allowed
 * @param maxMediaBytes      largest photo or voice file downloaded
 * @param accounts           the accounts
 */
public record WeiboOptions(URI apiBaseUrl, URI mediaBaseUrl, Duration timestampTolerance, long maxBodyBytes,
                           Duration ackDeadline, Duration apiTimeout, Duration replyWindow, long maxMediaBytes,
                           List<WeiboAccount> accounts) {

    private static final Set<String> FIELDS = Set.of("id", "uid", "app-secret", "access-token", "location-datum",
            "mention-ticket-type");

    public static List<EnvOverride> envOverrides() {
        return List.of(new EnvOverride("YIKOU_WEIBO_API_BASE_URL", "weibo.api-base-url"),
                new EnvOverride("YIKOU_WEIBO_MEDIA_BASE_URL", "weibo.media-base-url"));
    }

    public static WeiboOptions read(ConfigReader reader) {
        return new WeiboOptions(
                reader.httpUrl("weibo.api-base-url").orElse(URI.create("https://m.api.weibo.com")),
                reader.httpUrl("weibo.media-base-url").orElse(URI.create("https://upload.api.weibo.com")),
                reader.duration("weibo.timestamp-tolerance", Duration.ofMinutes(5), Duration.ofSeconds(10),
                        Duration.ofHours(24)),
                reader.bytes("weibo.max-body-bytes", 64 * 1024, 1024, 1024 * 1024),
                reader.duration("weibo.ack-deadline", Duration.ofSeconds(3), Duration.ofMillis(100),
                        Duration.ofMillis(4500)),
                reader.duration("weibo.api-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
                reader.duration("weibo.reply-window", Duration.ofHours(48), Duration.ofMinutes(1), Duration.ofDays(7)),
                reader.bytes("weibo.max-media-bytes", 10L * 1024 * 1024, 1024, 100L * 1024 * 1024),
                readAccounts(reader));
    }

    private static List<WeiboAccount> readAccounts(ConfigReader reader) {
        JsonNode list = reader.subtree("weibo.accounts");
        List<WeiboAccount> accounts = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return accounts;
        }
        if (!list.isArray()) {
            reader.problem("weibo.accounts", list.toString(), "a list of accounts");
            return accounts;
        }
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode entry : list) {
            String key = "weibo.accounts[" + index++ + "]";
            entry.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    reader.problem(key + "." + name, null, "one of " + String.join(", ", FIELDS));
                }
            });
            String id = text(entry, "id");
            String uid = text(entry, "uid");
            String secret = text(entry, "app-secret");
            String token = text(entry, "access-token");
            boolean valid = true;
            if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}") || !ids.add(id)) {
                reader.problem(key + ".id", id, "a unique name of 1 to 64 letters, digits, '-' or '_'");
                valid = false;
            }
            if (uid != null && !uid.matches("\\d{1,20}")) {
                reader.problem(key + ".uid", uid, "the account's numeric Weibo uid, quoted");
                valid = false;
            }
            if (secret == null) {
                reader.problem(key + ".app-secret", null, "the app secret that signs pushes");
                valid = false;
            }
            Datum datum = Datum.GCJ02;
            try {
                datum = Optional.ofNullable(text(entry, "location-datum")).map(Datum::parse).orElse(Datum.GCJ02);
            } catch (IllegalArgumentException e) {
                reader.problem(key + ".location-datum", text(entry, "location-datum"), "gcj02 or wgs84");
                valid = false;
            }
            String typeText = text(entry, "mention-ticket-type");
            TicketType type = typeText == null ? TicketType.COMPLAINT : TicketType.parse(typeText).orElse(null);
            if (type == null) {
                reader.problem(key + ".mention-ticket-type", typeText, "a ticket type such as complaint or help");
                valid = false;
            }
            if (valid) {
                accounts.add(new WeiboAccount(id, uid, secret, token, datum, type));
            }
        }
        return accounts;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull() || !node.isValueNode()) {
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    public Optional<WeiboAccount> account(String id) {
        return accounts.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
