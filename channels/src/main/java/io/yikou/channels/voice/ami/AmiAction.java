package io.yikou.channels.voice.ami;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An AMI action to send: its name and ordered fields. The connection adds the {@code ActionID}.
 *
 * <p>Field values come from staff requests (pause reasons, numbers), so a CR or LF in a key or value
 * is rejected: it would end the header early and let the rest be read as more headers. Immutable.
 */
public final class AmiAction {

    private final String name;
    private final List<String[]> fields;

    private AmiAction(String name, List<String[]> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Returns the first value of a field, or {@code null}. */
    public String get(String key) {
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(key)) {
                return field[1];
            }
        }
        return null;
    }

    /** Renders the action with its ActionID as CRLF lines ending in an empty line, in UTF-8. */
    public Buffer render(String actionId) {
        StringBuilder text = new StringBuilder(64 + fields.size() * 32);
        text.append("Action: ").append(name).append("\r\n");
        text.append("ActionID: ").append(actionId).append("\r\n");
        for (String[] field : fields) {
            text.append(field[0]).append(": ").append(field[1]).append("\r\n");
        }
        text.append("\r\n");
        return Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Names the action and its field names for logs; values may hold personal data and are left out. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (String[] field : fields) {
            names.add(field[0]);
        }
        return name + names;
    }

    /** Collects fields in order. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String[]> fields = new ArrayList<>();

        private Builder(String name) {
            check("Action", name);
            if (name.isBlank()) {
                throw new IllegalArgumentException("action name must not be blank");
            }
            this.name = name;
        }

        /** Adds a field; a {@code null} value adds nothing, so optional fields read naturally. */
        public Builder field(String key, Object value) {
            if (value == null) {
                return this;
            }
            String text = String.valueOf(value);
            check(key, key);
            check(key, text);
            if (key.equalsIgnoreCase("ActionID") || key.equalsIgnoreCase("Action")) {
                throw new IllegalArgumentException(key + " is set by the connection, not by the caller");
            }
            fields.add(new String[] {key, text});
            return this;
        }

        public AmiAction build() {
            return new AmiAction(name, fields);
        }

        private static void check(String key, String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException("AMI field " + key
                            + " contains a line break; line breaks would end the header early");
                }
            }
        }
    }
}
