package io.yikou.core.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Channel-neutral kinds of message. A type a channel does not map is kept as {@link #UNKNOWN} with
 * its raw fields, never dropped.
 */
public enum MessageKind {
    TEXT,
    IMAGE,
    VOICE,
    VIDEO,
    LOCATION,
    LINK,
    EVENT,
    UNKNOWN;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MessageKind fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst().orElse(UNKNOWN);
    }

    /** Tells whether messages of this kind carry a file fetched through the channel's media API. */
    public boolean hasMedia() {
        return this == IMAGE || this == VOICE || this == VIDEO;
    }
}
