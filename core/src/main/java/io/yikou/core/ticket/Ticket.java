package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.contact.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A ticket (工单): what the hotline hands to the grid case system, with its full history.
 *
 * <p>Immutable; every change produces a new value with {@link #version()} one higher, and the
 * store only accepts a write whose base version is still current.
 *
 * @param number          unique number such as {@code 96010-20261204-000123}
 * @param type            demand type
 * @param categoryCode    leaf of the category tree, or {@code null} when not yet classified
 * @param department      department responsible for the category, or {@code null}
 * @param description     the citizen's words, kept exactly
 * @param location        address, point and grid cells
 * @param channels        channels the ticket came through, first one first
 * @param attachments     photos and other files
 * @param reporter        how to reach the citizen, or {@code null} for anonymous reports
 * @param citizenId       the citizen record, or {@code null} for anonymous reports
 * @param status          current status
 * @param caseRef         the case system's record, once routed
 * @param routing         progress of routing attempts
 * @param externalIds     ids other systems use for it, such as {@code open311.service_code}
 * @param createdAt       intake time
 * @param updatedAt       time of the latest change
 * @param version         optimistic-concurrency version, starting at 1
 * @param events          history, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(String number, TicketType type, String categoryCode, String department,
                     String description, Location location, List<Channel> channels,
                     List<Attachment> attachments, Reporter reporter, String citizenId,
                     TicketStatus status, CaseReference caseRef, RoutingState routing,
                     Map<String, String> externalIds,
                     Instant createdAt, Instant updatedAt, long version, List<TicketEvent> events) {

    public Ticket {
        channels = List.copyOf(channels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        externalIds = externalIds == null ? Map.of() : Map.copyOf(externalIds);
        events = events == null ? List.of() : List.copyOf(events);
        routing = routing == null ? RoutingState.NONE : routing;
        location = location == null ? Location.unknown() : location;
    }

    /**
     * Returns a copy moved to {@code target}, with the change recorded in the history.
     *
     * @throws IllegalTransitionException when the lifecycle does not allow the move
     */
    public Ticket transition(TicketStatus target, Instant at, String actor, String detail, Map<String, String> data) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(number, status, target);
        }
        TicketEvent event = TicketEvent.statusChange(at, status, target, actor, detail, data);
        return new Ticket(number, type, categoryCode, department, description, location, channels, attachments,
                reporter, citizenId, target, caseRef, routing, externalIds, createdAt, at,
                version + 1, append(event));
    }

    /**
     * Returns a copy with the citizen's rating recorded as a {@code satisfaction_rated} event. A closed
     * ticket, or a consultation answered on the spot, moves to {@link TicketStatus#EVALUATED}; a
     * ticket still in progress keeps its status, so the rating is kept without skipping steps.
     *
     * @param channel channel the rating came through, such as {@code voice}
     */
    public Ticket rate(Satisfaction rating, Instant at, String channel, Map<String, String> data) {
        Map<String, String> details = new java.util.HashMap<>(data);
        details.put("rating", rating.code());
        details.put("channel", channel);
        if (status.canMoveTo(TicketStatus.EVALUATED)) {
            Ticket evaluated = transition(TicketStatus.EVALUATED, at, channel, rating.chineseName(), details);
            return evaluated.withEvent(new TicketEvent(at, "satisfaction_rated", null, null, channel,
                    rating.chineseName(), details));
        }
        return withEvent(new TicketEvent(at, "satisfaction_rated", null, null, channel, rating.chineseName(), details));
    }

    /** Returns the latest rating a citizen gave, if any. */
    @JsonIgnore
    public java.util.Optional<Satisfaction> latestRating() {
        for (int i = events.size() - 1; i >= 0; i--) {
            TicketEvent event = events.get(i);
            if (event.kind().equals("satisfaction_rated")) {
                return Satisfaction.parse(event.data().get("rating"));
            }
        }
        return java.util.Optional.empty();
    }

    /** Returns a copy with an event added and no status change. */
    public Ticket withEvent(TicketEvent event) {
        return new Ticket(number, type, categoryCode, department, description, location, channels, attachments,
                reporter, citizenId, status, caseRef, routing, externalIds, createdAt,
                event.at(), version + 1, append(event));
    }

    /** Returns a copy with a new case reference; the caller records the event that explains it. */
    public Ticket withCaseRef(CaseReference reference) {
        return new Ticket(number, type, categoryCode, department, description, location, channels, attachments,
                reporter, citizenId, status, reference, routing, externalIds, createdAt,
                updatedAt, version, events);
    }

    /** Returns a copy with new routing progress; the caller records the event that explains it. */
    public Ticket withRouting(RoutingState state) {
        return new Ticket(number, type, categoryCode, department, description, location, channels, attachments,
                reporter, citizenId, status, caseRef, state, externalIds, createdAt,
                updatedAt, version, events);
    }

    /** Tells whether the case router should hand this ticket to the case system. */
    @JsonIgnore
    public boolean isRoutable() {
        return status == TicketStatus.NEW;
    }

    private List<TicketEvent> append(TicketEvent event) {
        List<TicketEvent> copy = new ArrayList<>(events.size() + 1);
        copy.addAll(events);
        copy.add(event);
        return copy;
    }
}
