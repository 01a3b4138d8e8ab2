package io.yikou.kb.history;

import static io.yikou.kb.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.yikou.core.contact.Channel;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.TicketType;
import io.yikou.kb.Http;
import io.yikou.kb.KbNode;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TicketHistoryIT {

    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String PHONE = "13800000001";
    private static Path dir;
    private static KbNode node;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kb-history-it");
        // Tickets created before the module starts are indexed too: a new group reads from the start.
        node = KbNode.start(redisServer.url(), dir, "node-h", "demo-content: false");
        http = new Http(node.port());
        submit("H0104", "家里暖气不热，室温只有十五度", "示范北街道某小区3号楼", PHONE, new GeoPoint(39.93, 116.40));
        submit("H0202", "楼下工地夜间施工噪声扰民", "示范北街道某路口", PHONE, new GeoPoint(39.93, 116.40));
        submit("H0201", "垃圾桶站满溢无人清运", "另一个小区", "13900000002", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> node.module().history().index().count() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        TempDirs.deleteRecursively(dir);
    }

    private static void submit(String category, String description, String address, String phone, GeoPoint point)
            throws Exception {
        TicketDraft draft = new TicketDraft(Channel.VOICE, TicketType.COMPLAINT, category, description, address, point,
                List.of(), new Reporter("测试", phone), Map.of(), false);
        KbNode.await(node.context().intake().submit(draft, "test", null));
    }

    @Test
    void citizenTicketsFoundByPhone() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/history/tickets?phone=" + PHONE);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().getLong("total")).isEqualTo(2);
        assertThat(reply.json().getJsonArray("tickets").getJsonObject(0).getString("description"))
                .isEqualTo("楼下工地夜间施工噪声扰民");
    }

    @Test
    void fullTextWithSynonyms() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/history/tickets?q=" + enc("供暖不热"));
        assertThat(reply.json().getJsonArray("tickets").getJsonObject(0).getString("category")).isEqualTo("H0104");
    }

    @Test
    void timeRangeExcludesOthers() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/history/tickets?phone=" + PHONE + "&to=2000-01-01T00:00:00Z");
        assertThat(reply.json().getLong("total")).isZero();
    }

    @Test
    void criteriaRequired() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/history/tickets");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonObject("error").getString("code")).isEqualTo("kb_history_criteria");
    }

    @Test
    void facetsCountCategoryStreetDay() throws Exception {
        Http.Reply reply = http.get("/api/v1/kb/history/facets");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonObject json = reply.json();
        assertThat(json.getLong("total")).isEqualTo(3);
        assertThat(json.getJsonObject("byCategory").getLong("H0104")).isEqualTo(1);
        assertThat(json.getJsonObject("byStreet").getLong("示范北街道")).isEqualTo(2);
        assertThat(json.getJsonObject("byStreet").getLong("-")).isEqualTo(1);
        assertThat(json.getJsonObject("byDay").fieldNames()).hasSize(1);
    }

    @Test
    void eventBusSearchFindsCallerTickets() throws Exception {
        JsonObject reply = KbNode.await(node.vertx().eventBus().<JsonObject>request(HistoryBus.SEARCH,
                new JsonObject().put("phone", PHONE).put("limit", 10))).body();

        assertThat(reply.getLong("total")).isEqualTo(2);
        assertThat(reply.getJsonArray("tickets").getJsonObject(0).getString("description")).isEqualTo("楼下工地夜间施工噪声扰民");
    }

    @Test
    void eventBusSearchRejectsInvalidPhone() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> KbNode.await(
                node.vertx().eventBus().request(HistoryBus.SEARCH, new JsonObject().put("phone", "not-a-phone"))));

        assertThat(failure).hasRootCauseInstanceOf(io.vertx.core.eventbus.ReplyException.class);
    }

    @Test
    void eventBusFacetsCountStreets() throws Exception {
        JsonObject reply = KbNode.await(node.vertx().eventBus().<JsonObject>request(HistoryBus.FACETS,
                new JsonObject().put("from", "2000-01-01T00:00:00Z"))).body();

        assertThat(reply.getLong("total")).isEqualTo(3);
        assertThat(reply.getJsonObject("byStreet").getLong("示范北街道")).isEqualTo(2);
    }

    @Test
    void statusChangeReindexesTicket() throws Exception {
        String number = node.module().history().index().search(
                new TicketIndex.Query(null, null, "垃圾桶站", null, null, 0, 1)).tickets().get(0).getString("number");
        KbNode.await(node.context().tickets().modify(number, t -> t.transition(io.yikou.core.ticket.TicketStatus.ROUTED,
                java.time.Instant.now(), "test", null, Map.of()), "ticket.status"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                node.module().history().index().search(new TicketIndex.Query(null, null, "垃圾桶站", null, null, 0, 1))
                        .tickets().get(0).getString("status")).isEqualTo("routed"));
    }
}
