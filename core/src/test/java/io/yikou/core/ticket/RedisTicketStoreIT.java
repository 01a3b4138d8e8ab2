package io.yikou.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.yikou.core.contact.Channel;
import io.yikou.core.idempotency.IdempotencyConflictException;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.redis.RedisKeys;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTicketStoreIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static CoreServices services;
    private static TicketStore store;

    @BeforeAll
    static void start() throws Exception {
        services = CoreServices.start(REDIS.url());
        store = services.context().tickets();
    }

    @AfterAll
    static void stop() throws Exception {
        services.close();
    }

    @BeforeEach
    void flush() throws Exception {
        services.flushAll();
    }

    static Ticket draft(String description) {
        Instant now = Instant.parse("2026-12-04T02:00:00Z");
        return new Ticket(null, TicketType.COMPLAINT, "E0201", "dc-cgzf", description, null, List.of(Channel.WEBFORM),
                null, null, null, TicketStatus.NEW, null, null, Map.of(), now, now, 1,
                List.of(new TicketEvent(now, "created", null, TicketStatus.NEW, "webform", null, Map.of())));
    }

    @Test
    void numbersFollowDayAndSequence() {
        Ticket first = Await.result(store.create(draft("一"), Optional.empty())).ticket();
        Ticket second = Await.result(store.create(draft("二"), Optional.empty())).ticket();

        // 02:00 UTC is 10:00 in Beijing, the same calendar day.
        assertThat(first.number()).isEqualTo("96010-20261204-000001");
        assertThat(second.number()).isEqualTo("96010-20261204-000002");
    }

    @Test
    void storedTicketReadsBackByteForByte() {
        String text = "楼道灯坏了😭💡请尽快修 \"引号\" \\反斜杠\\ \u0000id\u0000";
        Ticket created = Await.result(store.create(draft(text), Optional.empty())).ticket();

        Ticket read = Await.result(store.find(created.number())).orElseThrow();

        assertThat(read.description()).isEqualTo(text);
        assertThat(read.number()).isEqualTo(created.number());
        assertThat(read.events()).hasSize(1);
    }

    @Test
    void repeatWithSameKeyReturnsFirstTicket() {
        IdempotencyKey key = new IdempotencyKey("test", "k-1", "fp");

        CreateResult first = Await.result(store.create(draft("一"), Optional.of(key)));
        CreateResult repeat = Await.result(store.create(draft("一"), Optional.of(key)));

        assertThat(first.created()).isTrue();
        assertThat(repeat.created()).isFalse();
        assertThat(repeat.ticket().number()).isEqualTo(first.ticket().number());
        Long stored = Await.result(services.redis().call(c -> c.hlen(RedisKeys.tickets())));
        assertThat(stored).isEqualTo(1L);
    }

    @Test
    void concurrentRepeatsCreateOneTicket() {
        IdempotencyKey key = new IdempotencyKey("test", "k-concurrent", "fp");
        List<Future<CreateResult>> attempts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            attempts.add(store.create(draft("同一个请求"), Optional.of(key)));
        }
        Await.result(Future.all(attempts));

        Set<String> numbers = new HashSet<>();
        int created = 0;
        for (Future<CreateResult> attempt : attempts) {
            numbers.add(attempt.result().ticket().number());
            created += attempt.result().created() ? 1 : 0;
        }
        assertThat(numbers).hasSize(1);
        assertThat(created).isEqualTo(1);
        Long entries = Await.result(services.redis().call(c -> c.xlen(RedisKeys.stream())));
        assertThat(entries).isEqualTo(1L);
    }

    @Test
    void keyReusedWithOtherContentConflicts() {
        Await.result(store.create(draft("一"), Optional.of(new IdempotencyKey("test", "k-2", "fp-a"))));

        Throwable failure = Await.failure(store.create(draft("二"), Optional.of(new IdempotencyKey("test", "k-2", "fp-b"))));

        assertThat(failure).isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void sameKeyInOtherScopeIsIndependent() {
        Ticket a = Await.result(store.create(draft("一"), Optional.of(new IdempotencyKey("webform", "k", "fp")))).ticket();
        Ticket b = Await.result(store.create(draft("一"), Optional.of(new IdempotencyKey("open311", "k", "fp")))).ticket();

        assertThat(a.number()).isNotEqualTo(b.number());
    }

    @Test
    void staleVersionIsRefused() {
        Ticket created = Await.result(store.create(draft("一"), Optional.empty())).ticket();
        Ticket routed = created.transition(TicketStatus.ROUTED, Instant.now(), "test", null, Map.of());
        Await.result(store.replace(created, routed, "ticket.status"));

        Ticket stale = created.transition(TicketStatus.ROUTING_FAILED, Instant.now(), "test", null, Map.of());
        Throwable failure = Await.failure(store.replace(created, stale, "ticket.status"));

        assertThat(failure).isInstanceOf(ConcurrentUpdateException.class);
        assertThat(Await.result(store.find(created.number())).orElseThrow().status()).isEqualTo(TicketStatus.ROUTED);
    }

    @Test
    void statusIndexFollowsTransitions() {
        Ticket created = Await.result(store.create(draft("一"), Optional.empty())).ticket();
        Await.result(store.modify(created.number(),
                t -> t.transition(TicketStatus.ROUTING_FAILED, Instant.now(), "test", "400", Map.of()), "ticket.status"));

        assertThat(Await.result(store.numbersIn(TicketStatus.ROUTING_FAILED))).containsExactly(created.number());
        assertThat(Await.result(store.numbersIn(TicketStatus.NEW))).isEmpty();
    }

    @Test
    void concurrentModifiesAllApply() {
        Ticket created = Await.result(store.create(draft("一"), Optional.empty())).ticket();
        List<Future<Ticket>> notes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            notes.add(store.modify(created.number(), t -> t.withEvent(new TicketEvent(Instant.now(), "note", null, null,
                    "test", "note " + n, Map.of())), "ticket.note"));
        }
        Await.result(Future.all(notes));

        Ticket read = Await.result(store.find(created.number())).orElseThrow();
        assertThat(read.events()).filteredOn(e -> e.kind().equals("note")).hasSize(5);
        assertThat(read.version()).isEqualTo(6);
    }

    @Test
    void recentListsNewestFirstWithFilters() {
        for (int i = 0; i < 5; i++) {
            Instant at = Instant.parse("2026-12-04T02:00:00Z").plusSeconds(i);
            Ticket t = draft("第" + i + "条 " + (i % 2 == 0 ? "噪音" : "停车"));
            Ticket timed = new Ticket(null, t.type(), t.categoryCode(), t.department(), t.description(), t.location(),
                    t.channels(), t.attachments(), t.reporter(), t.citizenId(), t.status(), t.caseRef(), t.routing(),
                    t.externalIds(), at, at, 1, t.events());
            Await.result(store.create(timed, Optional.empty()));
        }

        TicketPage all = Await.result(store.recent(new TicketQuery(null, null, null, null, null, null, 3)));
        TicketPage noise = Await.result(store.recent(new TicketQuery(null, null, null, "噪音", null, null, 10)));
        TicketPage next = Await.result(store.recent(new TicketQuery(null, null, null, null, null, all.nextBefore(), 3)));

        assertThat(all.tickets()).extracting(Ticket::description).first().asString().startsWith("第4条");
        assertThat(all.tickets()).hasSize(3);
        assertThat(noise.tickets()).hasSize(3);
        assertThat(next.tickets()).hasSize(2);
        assertThat(next.nextBefore()).isNull();
    }
}
