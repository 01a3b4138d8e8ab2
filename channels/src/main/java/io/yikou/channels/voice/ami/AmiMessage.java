package io.yikou.channels.voice.ami;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AMI packet as received: an ordered list of {@code Key: Value} headers. Header names are
 * compared without case because Asterisk spells some of them differently in different places
 * ({@code ActionID} and {@code ActionId}). Keys may repeat ({@code Output}, {@code Variable}).
 *
 * <p>Values are decoded as UTF-8. A value whose bytes are not valid UTF-8 (a carrier trunk that
 * sends GBK caller names, say) is kept with replacement characters and listed in
 * {@link #invalidUtf8Keys()} together with its raw bytes in hex, so consumers can treat it as
 * unknown instead of storing garbled text. Immutable and thread-safe.
 */
public final class AmiMessage {

    private final String[] keys;
    private final String[] values;
    private final Map<String, String> invalidUtf8Hex;

    AmiMessage(String[] keys, String[] values, Map<String, String> invalidUtf8Hex) {
        this.keys = keys;
        this.values = values;
        this.invalidUtf8Hex = invalidUtf8Hex == null ? Map.of() : Collections.unmodifiableMap(invalidUtf8Hex);
    }

    /** Builds a message from alternating keys and values, for tests and synthesized packets. */
    public static AmiMessage of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected key/value pairs, got " + keysAndValues.length + " strings");
        }
        int n = keysAndValues.length / 2;
        String[] keys = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = keysAndValues[2 * i];
            values[i] = keysAndValues[2 * i + 1];
        }
        return new AmiMessage(keys, values, null);
    }

    /** Returns the first value of a header, or {@code null} when absent. */
    public String get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equalsIgnoreCase(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** Returns the first value of a header, or {@code defaultValue} when absent. */
    public String get(String key, String defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : value;
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(get(key));
    }

    /** Returns every value of a repeated header, in order. */
    public List<String> getAll(String key) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equalsIgnoreCase(key)) {
                found.add(values[i]);
            }
        }
        return found;
    }

    /** Parses an integer header; returns {@code defaultValue} when absent or not a number. */
    public int intValue(String key, int defaultValue) {
        String value = get(key);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** Parses an epoch-seconds header ({@code LastPause}, {@code LoginTime}); 0 when absent. */
    public long longValue(String key, long defaultValue) {
        String value = get(key);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** Returns the {@code Event} header, or {@code null} for responses and the banner. */
    public String event() {
        return get("Event");
    }

    /** Returns the {@code Response} header ({@code Success}, {@code Error}, {@code Goodbye}...), or {@code null}. */
    public String response() {
        return get("Response");
    }

    public String actionId() {
        return get("ActionID");
    }

    public boolean isEvent() {
        return event() != null;
    }

    public boolean isResponse() {
        return response() != null && event() == null;
    }

    /** Tells whether {@code key} carried bytes that are not valid UTF-8. */
    public boolean hasInvalidUtf8(String key) {
        for (String invalid : invalidUtf8Hex.keySet()) {
            if (invalid.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** Header names whose bytes were not valid UTF-8, mapped to those raw bytes in hex. */
    public Map<String, String> invalidUtf8Keys() {
        return invalidUtf8Hex;
    }

    public int size() {
        return keys.length;
    }

    public String key(int index) {
        return keys[index];
    }

    public String value(int index) {
        return values[index];
    }

    /** Returns the headers as an ordered map; a repeated key keeps its first value. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.putIfAbsent(keys[i], values[i]);
        }
        return map;
    }

    /** Short description for logs: the event or response name and the ActionID, never caller data. */
    @Override
    public String toString() {
        String kind = isEvent() ? "Event " + event() : "Response " + response();
        String id = actionId();
        return id == null ? kind : kind + " (ActionID " + id + ")";
    }
}
