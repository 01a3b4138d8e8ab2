package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * A citizen's rating of how a ticket was handled, the input of the case loop's evaluation step and
 * of the satisfaction rate (满意率) the district is assessed on.
 */
public enum Satisfaction {
    SATISFIED("satisfied", "满意"),
    BASICALLY_SATISFIED("basically_satisfied", "基本满意"),
    DISSATISFIED("dissatisfied", "不满意");

    private final String code;
    private final String chineseName;

    Satisfaction(String code, String chineseName) {
        this.code = code;
        this.chineseName = chineseName;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<Satisfaction> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    @JsonCreator
    static Satisfaction fromJson(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown Satisfaction: " + code));
    }
}
