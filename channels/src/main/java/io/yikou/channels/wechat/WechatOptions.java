package io.yikou.channels.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikou.channels.support.Datum;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code wechat.*} section.
 *
 * @param apiBaseUrl          base URL of WeChat's API; tests point it at a local stub
 * @param timestampTolerance  callbacks whose {@code timestamp} differs more from the clock are rejected
 * @param maxBodyBytes        larger callback bodies get 413
 * @param ackDeadline         the callback responds {@code success} at this point at the latest, well
 *                            inside WeChat's 5-second limit, and processing goes on
 * @param apiTimeout          timeout of one API request
 * @param tokenRefreshAhead   a shared token is replaced this long before WeChat's expiry
 * @param replyWindow         how long after a citizen's message customer-service messages are allowed
 * @param maxMediaBytes       largest photo or voice file downloaded
 * @param accounts            the official accounts
 */
public record WechatOptions(URI apiBaseUrl, Duration timestampTolerance, long maxBodyBytes, Duration ackDeadline,
                            Duration apiTimeout, Duration tokenRefreshAhead, Duration replyWindow, long maxMediaBytes,
                            List<WechatAccount> accounts) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "app-id", "app-secret", "token", "encoding-aes-key",
            "original-id", "fallback-template-id", "status-template-id", "location-datum");

    public static List<EnvOverride> envOverrides() {
        return List.of(new EnvOverride("YIKOU_WECHAT_API_BASE_URL", "wechat.api-base-url"));
    }

    public static WechatOptions read(ConfigReader reader) {
        URI base = reader.httpUrl("wechat.api-base-url").orElse(URI.create("https://api.weixin.qq.com"));
        return new WechatOptions(base,
                reader.duration("wechat.timestamp-tolerance", Duration.ofMinutes(5), Duration.ofSeconds(10),
                        Duration.ofHours(24)),
                reader.bytes("wechat.max-body-bytes", 64 * 1024, 1024, 1024 * 1024),
                reader.duration("wechat.ack-deadline", Duration.ofSeconds(3), Duration.ofMillis(100),
                        Duration.ofMillis(4500)),
                reader.duration("wechat.api-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
                reader.duration("wechat.token-refresh-ahead", Duration.ofMinutes(5), Duration.ofSeconds(10),
                        Duration.ofMinutes(30)),
                reader.duration("wechat.reply-window", Duration.ofHours(48), Duration.ofMinutes(1), Duration.ofDays(7)),
                reader.bytes("wechat.max-media-bytes", 10L * 1024 * 1024, 1024, 100L * 1024 * 1024),
                readAccounts(reader));
    }

    private static List<WechatAccount> readAccounts(ConfigReader reader) {
        JsonNode list = reader.subtree("wechat.accounts");
        List<WechatAccount> accounts = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return accounts;
        }
        if (!list.isArray()) {
            reader.problem("wechat.accounts", list.toString(), "a list of accounts");
            return accounts;
        }
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode entry : list) {
            String key = "wechat.accounts[" + index++ + "]";
            entry.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    reader.problem(key + "." + name, null, "one of " + String.join(", ", FIELDS));
                }
            });
            String id = text(entry, "id");
            String appId = text(entry, "app-id");
            String secret = text(entry, "app-secret");
            String token = text(entry, "token");
            String aesKey = text(entry, "encoding-aes-key");
            boolean valid = true;
            if (id == null || !ACCOUNT_ID.matcher(id).matches() || !ids.add(id)) {
                reader.problem(key + ".id", id, "a unique name of 1 to 64 letters, digits, '-' or '_'");
                valid = false;
            }
            if (appId == null) {
                reader.problem(key + ".app-id", null, "the account's AppID");
                valid = false;
            }
            if (secret == null) {
                reader.problem(key + ".app-secret", null, "the account's AppSecret");
                valid = false;
            }
            if (token == null || !token.matches("[A-Za-z0-9]{3,32}")) {
                reader.problem(key + ".token", token == null ? null : "(hidden)", "3 to 32 letters or digits, as WeChat requires");
                valid = false;
            }
            if (aesKey != null) {
                try {
                    WechatCrypto.decodeKey(aesKey);
                } catch (IllegalArgumentException e) {
                    reader.problem(key + ".encoding-aes-key", "(hidden)", "43 Base64 characters: " + e.getMessage());
                    valid = false;
                }
            }
            Datum datum = Datum.GCJ02;
            String datumText = text(entry, "location-datum");
            if (datumText != null) {
                try {
                    datum = Datum.parse(datumText);
                } catch (IllegalArgumentException e) {
                    reader.problem(key + ".location-datum", datumText, "gcj02 or wgs84");
                    valid = false;
                }
            }
            if (valid) {
                accounts.add(new WechatAccount(id, appId, secret, token, aesKey, text(entry, "original-id"),
                        text(entry, "fallback-template-id"), text(entry, "status-template-id"), datum));
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

    /** Returns the account with the given URL name. */
    public java.util.Optional<WechatAccount> account(String id) {
        return accounts.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
