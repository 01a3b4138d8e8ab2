package io.yikou.ivr.runtime;

import java.util.Optional;

/** The three answers of the satisfaction survey and their keys. */
public enum SurveyRating {
    SATISFIED('1', "satisfied", "满意"),
    BASICALLY_SATISFIED('2', "basically_satisfied", "基本满意"),
    DISSATISFIED('3', "dissatisfied", "不满意");

    private final char key;
    private final String code;
    private final String label;

    SurveyRating(char key, String code, String label) {
        this.key = key;
        this.code = code;
        this.label = label;
    }

    public char key() {
        return key;
    }

    /** Stable code for storage and channel variables. */
    public String code() {
        return code;
    }

    /** Returns the Chinese wording the caller hears. */
    public String label() {
        return label;
    }

    public static Optional<SurveyRating> ofKey(char key) {
        for (SurveyRating rating : values()) {
            if (rating.key == key) {
                return Optional.of(rating);
            }
        }
        return Optional.empty();
    }
}
