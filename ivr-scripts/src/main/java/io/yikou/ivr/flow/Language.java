package io.yikou.ivr.flow;

import java.util.Arrays;
import java.util.Optional;

/** The languages a caller can choose; Mandarin is the default. */
public enum Language {
    MANDARIN("zh-CN"),
    ENGLISH("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** BCP 47 tag used in flow files, sound directories and channel variables. */
    public String tag() {
        return tag;
    }

    /** Parses {@code zh-CN} or {@code en}, ignoring case; also accepts {@code zh} and {@code zh_CN}. */
    public static Optional<Language> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.strip().replace('_', '-');
        if (normalized.equalsIgnoreCase("zh")) {
            return Optional.of(MANDARIN);
        }
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(normalized)).findFirst();
    }
}
