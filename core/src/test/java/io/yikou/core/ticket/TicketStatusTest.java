package io.yikou.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.core.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketStatusTest {

    private static Ticket ticket(TicketStatus status) {
        Instant now = Instant.parse("2026-12-04T08:00:00Z");
        return new Ticket("96010-20261204-000001", TicketType.COMPLAINT, null, null, "楼道灯坏了", null,
                List.of(Channel.WEBFORM), null, null, null, status, null, null, null, now, now, 1, List.of());
    }

    @Test
    void mainPathIsAllowedStepByStep() {
        List<TicketStatus> path = List.of(TicketStatus.NEW, TicketStatus.ROUTED, TicketStatus.ACCEPTED,
                TicketStatus.DISPATCHED, TicketStatus.HANDLED, TicketStatus.CLOSED, TicketStatus.EVALUATED);
        for (int i = 0; i + 1 < path.size(); i++) {
            assertThat(path.get(i).canMoveTo(path.get(i + 1))).as(path.get(i) + " -> " + path.get(i + 1)).isTrue();
        }
    }

    @Test
    void backwardMovesAreRefused() {
        assertThat(TicketStatus.CLOSED.canMoveTo(TicketStatus.ROUTED)).isFalse();
        assertThat(TicketStatus.DISPATCHED.canMoveTo(TicketStatus.ACCEPTED)).isFalse();
        assertThat(TicketStatus.EVALUATED.next()).isEmpty();
    }

    @Test
    void reworkReopensHandledCase() {
        assertThat(TicketStatus.HANDLED.canMoveTo(TicketStatus.DISPATCHED)).isTrue();
    }

    @Test
    void transitionRecordsEventAndBumpsVersion() {
        Instant at = Instant.parse("2026-12-04T09:00:00Z");
        Ticket routed = ticket(TicketStatus.NEW).transition(TicketStatus.ROUTED, at, "case-router", "ok",
                Map.of("caseId", "SR-1"));

        assertThat(routed.status()).isEqualTo(TicketStatus.ROUTED);
        assertThat(routed.version()).isEqualTo(2);
        assertThat(routed.updatedAt()).isEqualTo(at);
        assertThat(routed.events()).last().satisfies(event -> {
            assertThat(event.from()).isEqualTo(TicketStatus.NEW);
            assertThat(event.to()).isEqualTo(TicketStatus.ROUTED);
            assertThat(event.data()).containsEntry("caseId", "SR-1");
        });
    }

    @Test
    void illegalTransitionThrowsWithAllowedList() {
        assertThatThrownBy(() -> ticket(TicketStatus.NEW).transition(TicketStatus.CLOSED, Instant.now(), "x", null,
                Map.of()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("cannot move from new to closed")
                .hasMessageContaining("routed");
    }

    @Test
    void parseAcceptsCodesOnly() {
        assertThat(TicketStatus.parse("routing_failed")).contains(TicketStatus.ROUTING_FAILED);
        assertThat(TicketStatus.parse("ROUTED")).isEmpty();
    }

    @Test
    void typeParsesCodeAndChineseName() {
        assertThat(TicketType.parse("投诉")).contains(TicketType.COMPLAINT);
        assertThat(TicketType.parse(" Report ")).contains(TicketType.REPORT);
        assertThat(TicketType.parse("举报")).contains(TicketType.REPORT);
        assertThat(TicketType.parse("抱怨")).isEmpty();
    }
}
