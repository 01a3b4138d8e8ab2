package io.yikou.core.grid;

import java.util.Locale;
import java.util.Optional;

/** Levels of the district grid below the district itself. */
public enum GridLevel {
    /** 街道. */
    STREET,
    /** 社区. */
    COMMUNITY,
    /** 单元网格. */
    GRID;

    public static Optional<GridLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
