package io.yikou.core.stream;

import java.util.Map;

/**
 * One entry of the ticket stream as a consumer sees it.
 *
 * @param id         stream id such as {@code 1733300000000-0}
 * @param fields     the entry's fields: {@code type}, the record id field ({@code ticket} or
 *                   {@code contact}), {@code status}, {@code version}
 * @param deliveries how many times the group has delivered it, 1 on first delivery
 */
public record StreamEntry(String id, Map<String, String> fields, long deliveries) {

    public StreamEntry {
        fields = Map.copyOf(fields);
    }

    /** Returns the entry type, such as {@code ticket.created}. */
    public String type() {
        return fields.getOrDefault("type", "");
    }

    /** Returns the ticket number for {@code ticket.*} entries, else {@code null}. */
    public String ticket() {
        return fields.get("ticket");
    }

    /** Returns the contact id for {@code contact.*} entries, else {@code null}. */
    public String contact() {
        return fields.get("contact");
    }
}
