package io.yikou.core.category;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a category classifies: a hotline topic, a GB/T 30428.2 event (事件) or component (部件). */
public enum CategoryKind {
    CONSULTATION,
    EVENT,
    COMPONENT;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CategoryKind fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
