package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycle of a ticket, mirroring the grid case system's loop after Yikou hands the ticket over.
 *
 * <p>The main path is new → routed → accepted → dispatched → handled → closed → evaluated. A
 * consultation answered on the spot ends as {@link #RESOLVED_AT_FIRST_CONTACT}; a ticket the case
 * system rejects ends as {@link #ROUTING_FAILED} until staff retry it; a ticket about an incident
 * already reported ends as {@link #MERGED_AS_DUPLICATE}.
 */
public enum TicketStatus {
    NEW("new"),
    ROUTED("routed"),
    ACCEPTED("accepted"),
    DISPATCHED("dispatched"),
    HANDLED("handled"),
    CLOSED("closed"),
    EVALUATED("evaluated"),
    RESOLVED_AT_FIRST_CONTACT("resolved_at_first_contact"),
    ROUTING_FAILED("routing_failed"),
    MERGED_AS_DUPLICATE("merged_as_duplicate");

    private final String code;

    TicketStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /**
     * Returns the statuses this one may move to. Case systems skip steps they do not report, such
     * as a case closed straight after acceptance, so forward jumps along the main path are allowed.
     * Moving back is not, except a handled case reopened for rework (返工).
     */
    public Set<TicketStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(ROUTED, ROUTING_FAILED, RESOLVED_AT_FIRST_CONTACT, MERGED_AS_DUPLICATE);
            case ROUTING_FAILED -> EnumSet.of(NEW, ROUTED, MERGED_AS_DUPLICATE);
            case ROUTED -> EnumSet.of(ACCEPTED, DISPATCHED, HANDLED, CLOSED, ROUTING_FAILED, MERGED_AS_DUPLICATE);
            case ACCEPTED -> EnumSet.of(DISPATCHED, HANDLED, CLOSED, MERGED_AS_DUPLICATE);
            case DISPATCHED -> EnumSet.of(HANDLED, CLOSED);
            case HANDLED -> EnumSet.of(CLOSED, DISPATCHED);
            case CLOSED -> EnumSet.of(EVALUATED);
            case RESOLVED_AT_FIRST_CONTACT -> EnumSet.of(EVALUATED);
            case EVALUATED, MERGED_AS_DUPLICATE -> EnumSet.noneOf(TicketStatus.class);
        };
    }

    /** Tells whether a move from this status to {@code target} is allowed. */
    public boolean canMoveTo(TicketStatus target) {
        return next().contains(target);
    }

    /** Tells whether the ticket's handling is over, so no further case update is expected. */
    public boolean isFinal() {
        return this == EVALUATED || this == MERGED_AS_DUPLICATE;
    }

    public static Optional<TicketStatus> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    @JsonCreator
    static TicketStatus fromJson(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown TicketStatus: " + code));
    }
}
