package io.yikou.core.contact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a contact is still going on. */
public enum ContactState {
    OPEN,
    ENDED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContactState fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
