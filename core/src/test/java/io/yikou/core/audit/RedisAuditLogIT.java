package io.yikou.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.yikou.core.audit.impl.RedisAuditLog;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.redis.RedisConnector;
import io.yikou.testkit.Await;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log stream on a real Redis: append, filter, page. */
class RedisAuditLogIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static Vertx vertx;
    private static RedisConnector redis;
    private AuditLog log;
    private final StaffPrincipal agent = new StaffPrincipal(StaffPrincipal.Kind.PERSON, "u-1", "wang.li", "王丽",
            Role.AGENT, "s1");
    private final Instant at = Instant.parse("2026-03-02T01:00:00Z");

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        Await.result(vertx.close());
    }

    @BeforeEach
    void setUp() throws Exception {
        redis.async().flushall().get();
        log = new RedisAuditLog(redis, Clock.systemUTC(), Duration.ofDays(365));
    }

    private AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, limit);
    }

    @Test
    void entryReadsBackWithEveryField() {
        Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("96010-20260302-000001")
                .withCitizen("c-9").withAddress("10.0.0.1").withDetail("from search")));

        AuditEntry read = Await.result(log.query(all(10))).entries().get(0);

        assertThat(read.id()).matches("\\d+-\\d+");
        assertThat(read.at()).isEqualTo(at);
        assertThat(read.actorKind()).isEqualTo("person");
        assertThat(read.actorId()).isEqualTo("u-1");
        assertThat(read.actorName()).isEqualTo("wang.li");
        assertThat(read.actorRole()).isEqualTo("agent");
        assertThat(read.action()).isEqualTo("ticket.read");
        assertThat(read.ticket()).isEqualTo("96010-20260302-000001");
        assertThat(read.citizen()).isEqualTo("c-9");
        assertThat(read.address()).isEqualTo("10.0.0.1");
        assertThat(read.detail()).isEqualTo("from search");
    }

    @Test
    void newestEntryComesFirst() {
        for (int i = 1; i <= 3; i++) {
            Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("T" + i)));
        }

        AuditPage page = Await.result(log.query(all(10)));

        assertThat(page.entries()).extracting(AuditEntry::ticket).containsExactly("T3", "T2", "T1");
        assertThat(page.nextBefore()).isNull();
    }

    @Test
    void filtersMatchExactly() {
        Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("T1")));
        Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_ROUTING_RETRY, at).withTicket("T1")));
        Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("T2")));
        Await.result(log.append(AuditEntry.anonymous("mallory", AuditActions.LOGIN_FAILED, at)));

        assertThat(Await.result(log.query(new AuditQuery(null, null, "T1", null, null, 10))).entries()).hasSize(2);
        assertThat(Await.result(log.query(new AuditQuery("ticket.read", null, null, null, null, 10))).entries())
                .extracting(AuditEntry::ticket).containsExactly("T2", "T1");
        assertThat(Await.result(log.query(new AuditQuery(null, "wang.li", null, null, null, 10))).entries()).hasSize(3);
        assertThat(Await.result(log.query(new AuditQuery(null, "u-1", null, null, null, 10))).entries()).hasSize(3);
        assertThat(Await.result(log.query(new AuditQuery(null, "mallory", null, null, null, 10))).entries())
                .extracting(AuditEntry::actorKind).containsExactly("anonymous");
    }

    @Test
    void pagesContinueFromCursor() {
        for (int i = 1; i <= 5; i++) {
            Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("T" + i)));
        }

        AuditPage first = Await.result(log.query(all(2)));
        AuditPage second = Await.result(log.query(new AuditQuery(null, null, null, null, first.nextBefore(), 2)));
        AuditPage third = Await.result(log.query(new AuditQuery(null, null, null, null, second.nextBefore(), 2)));

        assertThat(first.entries()).extracting(AuditEntry::ticket).containsExactly("T5", "T4");
        assertThat(second.entries()).extracting(AuditEntry::ticket).containsExactly("T3", "T2");
        assertThat(third.entries()).extracting(AuditEntry::ticket).containsExactly("T1");
    }

    @Test
    void filterScansPastNonMatchingBatches() {
        Await.result(log.append(AuditEntry.by(agent, AuditActions.USER_CREATE, at).withTargetUser("u-2")));
        for (int i = 0; i < 1200; i++) {
            Await.result(log.append(AuditEntry.by(agent, AuditActions.TICKET_READ, at).withTicket("T" + i)));
        }

        AuditPage page = Await.result(log.query(new AuditQuery("user.create", null, null, null, null, 10)));

        assertThat(page.entries()).extracting(AuditEntry::targetUser).containsExactly("u-2");
    }
}
