package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One entry in a ticket's history.
 *
 * @param at     when it happened
 * @param kind   what happened, for example {@code created} or {@code status_changed}
 * @param from   status before, for status changes
 * @param to     status after, for status changes
 * @param actor  who caused it: {@code system}, {@code case-system}, {@code staff} or a channel code
 * @param detail free text such as a rejection reason or a case-system note
 * @param data   structured extras such as the case id
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TicketEvent(Instant at, String kind, TicketStatus from, TicketStatus to, String actor,
                          String detail, Map<String, String> data) {

    public TicketEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public static TicketEvent statusChange(Instant at, TicketStatus from, TicketStatus to, String actor,
                                           String detail, Map<String, String> data) {
        return new TicketEvent(at, "status_changed", from, to, actor, detail, data);
    }
}
