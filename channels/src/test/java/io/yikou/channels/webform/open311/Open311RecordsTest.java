package io.yikou.channels.webform.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.category.CategoryTree;
import io.yikou.core.contact.Channel;
import io.yikou.core.i18n.Messages;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import io.yikou.core.ticket.Location;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Open311RecordsTest {

    private final Open311Records records = new Open311Records(CategoryTree.bundled(), Messages.core(),
            new Messages("io.yikou.channels.webform.open311.messages"), ZoneId.of("Asia/Shanghai"));

    private static Ticket ticket(List<Channel> channels, TicketStatus status) {
        Instant created = Instant.parse("2026-12-04T01:30:00.123Z");
        return new Ticket("96010-20261204-000001", TicketType.HELP, "E0201", "dc-cgw", "井盖松动",
                new Location("东城区东四北大街", new GeoPoint(39.93, 116.41), GridRef.NONE), channels, List.of(),
                new Reporter("张三", "13800000000"), "c1", status, null, null,
                Map.of(Open311Api.EXTERNAL_EMAIL, "z@example.com", Open311Api.EXTERNAL_MEDIA_URL, "https://m.example/1"),
                created, created, 1, List.of());
    }

    @Test
    void everyStatusMapsToOpenOrClosed() {
        Map<TicketStatus, String> expected = new EnumMap<>(TicketStatus.class);
        expected.put(TicketStatus.NEW, "open");
        expected.put(TicketStatus.ROUTED, "open");
        expected.put(TicketStatus.ACCEPTED, "open");
        expected.put(TicketStatus.DISPATCHED, "open");
        expected.put(TicketStatus.HANDLED, "open");
        expected.put(TicketStatus.ROUTING_FAILED, "open");
        expected.put(TicketStatus.CLOSED, "closed");
        expected.put(TicketStatus.EVALUATED, "closed");
        expected.put(TicketStatus.RESOLVED_AT_FIRST_CONTACT, "closed");
        expected.put(TicketStatus.MERGED_AS_DUPLICATE, "closed");

        for (TicketStatus status : TicketStatus.values()) {
            assertThat(Open311Records.status(status)).as(status.code()).isEqualTo(expected.get(status));
        }
    }

    @Test
    void onlyOpen311TicketsArePublic() {
        assertThat(Open311Records.isPublic(ticket(List.of(Channel.OPEN311), TicketStatus.NEW))).isTrue();
        assertThat(Open311Records.isPublic(ticket(List.of(Channel.WEBFORM), TicketStatus.NEW))).isFalse();
        assertThat(Open311Records.isPublic(ticket(List.of(Channel.VOICE, Channel.OPEN311), TicketStatus.NEW))).isFalse();
    }

    @Test
    void requestRecordLeavesOutPersonalData() {
        String json = new Open311Document("service_requests", new Open311Document.Items("request",
                List.of(records.request(ticket(List.of(Channel.OPEN311), TicketStatus.CLOSED), Messages.CHINESE))))
                .toJson();

        assertThat(json).doesNotContain("张三", "13800000000", "z@example.com", "c1");
        assertThat(json).contains("\"status\":\"closed\"", "\"agency_responsible\":\"区城市管理委员会\"",
                "\"media_url\":\"https://m.example/1\"", "\"lat\":39.93");
    }

    @Test
    void timesUseHotlineOffset() {
        assertThat(records.time(Instant.parse("2026-12-04T01:30:00.123Z"))).isEqualTo("2026-12-04T09:30:00+08:00");
    }
}
