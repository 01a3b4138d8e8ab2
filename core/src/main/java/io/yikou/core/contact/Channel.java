package io.yikou.core.contact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The ways a citizen reaches the hotline, plus tickets staff open themselves. */
public enum Channel {
    VOICE("voice"),
    WECHAT("wechat"),
    WEIBO("weibo"),
    WEBFORM("webform"),
    OPEN311("open311"),
    STAFF("staff");

    private final String code;

    Channel(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Channel fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown channel: " + code));
    }

    public static Optional<Channel> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.code.equals(wanted)).findFirst();
    }
}
