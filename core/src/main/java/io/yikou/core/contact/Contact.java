package io.yikou.core.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contact (来电/来信): one inbound interaction on one channel, such as a call, a chat message or a
 * form submission. Channel-specific facts (caller number, IVR path, queue wait, WeChat MsgId) live
 * in {@link #details()}, because the core has no business reading them.
 *
 * @param id            unique id such as {@code C-20261204-000042}; the record's first field
 * @param channel       channel it came through
 * @param account       channel account it reached: a WeChat account id, a Weibo uid, a dialled number
 * @param externalId    the channel's own id for it (Asterisk Linkedid, WeChat MsgId), or {@code null}
 * @param citizenId     the citizen, when known
 * @param state         open while the interaction goes on, ended after
 * @param startedAt     when it began
 * @param endedAt       when it ended, or {@code null}
 * @param summary       short text for lists, never personal data
 * @param ticketNumbers tickets attached to it by agents or the channel
 * @param details       channel-specific facts, JSON-compatible values only
 * @param updatedAt     time of the latest change
 * @param version       optimistic-concurrency version, starting at 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(String id, Channel channel, String account, String externalId, String citizenId,
                      ContactState state, Instant startedAt, Instant endedAt, String summary,
                      List<String> ticketNumbers, Map<String, Object> details, Instant updatedAt, long version) {

    public Contact {
        ticketNumbers = ticketNumbers == null ? List.of() : List.copyOf(ticketNumbers);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Returns a copy with the ticket attached, or this contact when it already is. */
    public Contact attach(String ticketNumber, Instant at) {
        if (ticketNumbers.contains(ticketNumber)) {
            return this;
        }
        List<String> numbers = new ArrayList<>(ticketNumbers);
        numbers.add(ticketNumber);
        return new Contact(id, channel, account, externalId, citizenId, state, startedAt, endedAt, summary,
                numbers, details, at, version + 1);
    }

    /** Returns a copy with details merged over the current ones. */
    public Contact withDetails(Map<String, Object> changes, Instant at) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(changes);
        return new Contact(id, channel, account, externalId, citizenId, state, startedAt, endedAt, summary,
                ticketNumbers, merged, at, version + 1);
    }

    /** Returns a copy marked ended. */
    public Contact end(Instant at, Map<String, Object> finalDetails) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(finalDetails);
        return new Contact(id, channel, account, externalId, citizenId, ContactState.ENDED, startedAt, at, summary,
                ticketNumbers, merged, at, version + 1);
    }
}
