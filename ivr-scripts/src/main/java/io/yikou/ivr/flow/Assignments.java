package io.yikou.ivr.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * State changes a {@code set} node or a menu choice makes before moving on.
 *
 * @param channelVariables channel variables to set, in order; values may contain {@code ${name}}
 * @param language         switches the prompts' language
 * @param elderly          switches elderly mode: slow prompts, longer timeouts, higher queue priority
 */
public record Assignments(Map<String, String> channelVariables, Optional<Language> language,
                          Optional<Boolean> elderly) {

    public static final Assignments NONE = new Assignments(Map.of(), Optional.empty(), Optional.empty());

    public Assignments {
        channelVariables = Collections.unmodifiableMap(new LinkedHashMap<>(channelVariables));
    }

    public boolean isEmpty() {
        return channelVariables.isEmpty() && language.isEmpty() && elderly.isEmpty();
    }
}
