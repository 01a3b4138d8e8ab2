package io.yikou.ivr.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompt ids the engine plays on its own: digits and number words for reading values, the status
 * of a looked-up ticket, and the apology after a failed service call. Every catalogue must have them.
 */
public final class EnginePrompts {

    /** Played when a hotline service fails, before the flow's failure route. */
    public static final String SERVICE_ERROR = "service-error";
    /** Played for a ticket status code the catalogue has no prompt for. */
    public static final String TICKET_STATUS_UNKNOWN = "ticket-status-unknown";

    /**
     * Ticket status codes of the ticket store, as {@code ticket-status-<code>} prompts with '_' written '-'.
     * They mirror the core's ticket lifecycle; a new status needs a new prompt.
     */
    public static final List<String> TICKET_STATUSES = List.of("new", "routed", "accepted", "dispatched", "handled",
            "closed", "evaluated", "resolved_at_first_contact", "routing_failed", "merged_as_duplicate");

    private EnginePrompts() {
    }

    /** Returns the prompt id for one digit read out in a sequence, such as a ticket number. */
    public static String digit(char digit) {
        return "digit-" + digit;
    }

    /** Returns the prompt id for a ticket status code such as {@code routing_failed}. */
    public static String ticketStatus(String code) {
        return "ticket-status-" + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns every prompt id the engine may play without a flow naming it. */
    public static List<String> required() {
        List<String> ids = new ArrayList<>();
        for (char d = '0'; d <= '9'; d++) {
            ids.add(digit(d));
        }
        ids.addAll(NumberReader.promptIds());
        TICKET_STATUSES.forEach(code -> ids.add(ticketStatus(code)));
        ids.add(TICKET_STATUS_UNKNOWN);
        ids.add(SERVICE_ERROR);
        return ids;
    }
}
