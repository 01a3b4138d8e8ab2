package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Demand types used by Chinese government hotline standards (GB/T 33358 lists 咨询, 求助, 投诉, 举报
 * and 建议; several local standards add 表扬).
 */
public enum TicketType {
    CONSULTATION("consultation", "咨询"),
    HELP("help", "求助"),
    COMPLAINT("complaint", "投诉"),
    REPORT("report", "举报"),
    SUGGESTION("suggestion", "建议"),
    PRAISE("praise", "表扬");

    private final String code;
    private final String chineseName;

    TicketType(String code, String chineseName) {
        this.code = code;
        this.chineseName = chineseName;
    }

    /** Returns the stable wire code, for example {@code complaint}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Returns the Chinese name used by the hotline, for example 投诉. */
    public String chineseName() {
        return chineseName;
    }

    /** Finds a type by its wire code or its Chinese name. */
    public static Optional<TicketType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String expected = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.code.equals(expected) || t.chineseName.equals(text.trim()))
                .findFirst();
    }

    @JsonCreator
    static TicketType fromJson(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown TicketType: " + code));
    }
}
