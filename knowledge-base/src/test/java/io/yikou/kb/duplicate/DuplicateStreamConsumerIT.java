package io.yikou.kb.duplicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.yikou.core.contact.Channel;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import io.yikou.core.ticket.Location;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.core.ticket.impl.RedisTicketStore;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuplicateStreamConsumerIT {

    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String NOISE = "东四北大街32号院门口的工地每天夜里施工，噪音扰民严重，请尽快处理";

    private Vertx vertx;
    private RedisConnector redis;
    private RedisTicketStore tickets;
    private DuplicateStreamConsumer consumer;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, redisServer.url(), Duration.ofSeconds(5));
        redis.async().flushall();
        tickets = new RedisTicketStore(redis, "96010", ZoneId.of("Asia/Shanghai"), Duration.ofHours(1), 10_000);
    }

    @AfterEach
    void close() {
        if (consumer != null) {
            consumer.stop().toCompletionStage().toCompletableFuture().join();
        }
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void startConsumer(DuplicatePolicy policy, String name) {
        startConsumer(policy, name, 1.0);
    }

    private void startConsumer(DuplicatePolicy policy, String name, double cpuShare) {
        DuplicateDetector detector = new DuplicateDetector(vertx, tickets, new IncidentWindow(MatchSettings.DEFAULTS),
                policy, Clock.systemUTC());
        consumer = new DuplicateStreamConsumer(redis, tickets, detector, name, Duration.ofSeconds(2),
                Duration.ofSeconds(5), cpuShare);
        consumer.start().toCompletionStage().toCompletableFuture().join();
    }

    private String create(String description, GeoPoint point) {
        Instant now = Instant.now();
        Ticket draft = new Ticket(null, TicketType.COMPLAINT, "H0202", null, description,
                new Location("东四北大街32号", point, GridRef.NONE), List.of(Channel.WEBFORM), null, null, null,
                TicketStatus.NEW, null, null, null, now, now, 1, List.of());
        return tickets.create(draft, Optional.empty()).toCompletionStage().toCompletableFuture().join().ticket()
                .number();
    }

    private Ticket read(String number) {
        return tickets.find(number).toCompletionStage().toCompletableFuture().join().orElseThrow();
    }

    private Optional<TicketEvent> check(String number) {
        return DuplicateDetector.recordedCheck(read(number));
    }

    @Test
    void secondReportIsOfferedAsDuplicate() {
        startConsumer(DuplicatePolicy.OFFER, "node-a");
        String first = create(NOISE, new GeoPoint(39.9300, 116.4170));
        String second = create("东四北大街32号院门口工地夜里施工噪音太大，影响休息", new GeoPoint(39.9301, 116.4171));
        String unrelated = create("咨询2027年小学入学报名的时间和需要准备的材料", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> check(unrelated).isPresent());

        TicketEvent recorded = check(second).orElseThrow();
        assertThat(recorded.data().get("matches")).startsWith(first + ":");
        assertThat(recorded.data().get("reasons." + first)).contains("text_similarity=").contains("distance_m=");
        assertThat(read(second).status()).isEqualTo(TicketStatus.NEW);
        assertThat(check(first).orElseThrow().data().get("matches")).isEmpty();
        assertThat(check(unrelated).orElseThrow().data().get("matches")).isEmpty();
    }

    @Test
    void mergePolicyMergesConfidentDuplicate() {
        startConsumer(DuplicatePolicy.MERGE, "node-b");
        String first = create(NOISE, null);
        String second = create(NOISE, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> read(second).status() == TicketStatus.MERGED_AS_DUPLICATE);

        Ticket merged = read(second);
        TicketEvent change = merged.events().get(merged.events().size() - 1);
        assertThat(change.data()).containsEntry("duplicateOf", first);
        assertThat(read(first).status()).isEqualTo(TicketStatus.NEW);
    }

    @Test
    void entriesAreAcknowledged() {
        startConsumer(DuplicatePolicy.OFFER, "node-c");
        String number = create(NOISE, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> check(number).isPresent());

        await().atMost(Duration.ofSeconds(10)).until(() -> redis.async()
                .xpending(RedisKeys.stream(), DuplicateStreamConsumer.GROUP).get().getCount() == 0);
        assertThat(consumer.checkedCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void pendingEntryOfStoppedNodeIsClaimed() throws Exception {
        String first = create(NOISE, null);
        // A node that read the entry and stopped before acknowledging it leaves it pending under its name.
        redis.async().xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(RedisKeys.stream(), "0-0"),
                DuplicateStreamConsumer.GROUP).get();
        redis.async().xreadgroup(io.lettuce.core.Consumer.from(DuplicateStreamConsumer.GROUP, "crashed"),
                io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(RedisKeys.stream())).get();

        startConsumer(DuplicatePolicy.OFFER, "node-d");

        await().atMost(Duration.ofSeconds(30)).until(() -> check(first).isPresent());
        assertThat(check(first).orElseThrow().actor()).isEqualTo(DuplicateDetector.ACTOR);
    }

    @Test
    void closedTicketLeavesWindow() {
        startConsumer(DuplicatePolicy.OFFER, "node-e");
        String first = create(NOISE, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> check(first).isPresent());
        tickets.modify(first, t -> t.transition(TicketStatus.RESOLVED_AT_FIRST_CONTACT, Instant.now(), "test", null,
                java.util.Map.of()), "ticket.status").toCompletionStage().toCompletableFuture().join();

        String second = create(NOISE, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> check(second).isPresent());
        assertThat(check(second).orElseThrow().data().get("matches")).isEmpty();
    }

    @Test
    void otherNodesTicketJoinsWindow() {
        startConsumer(DuplicatePolicy.OFFER, "node-f");
        DuplicateStreamConsumer one = consumer;
        startConsumer(DuplicatePolicy.OFFER, "node-g");
        DuplicateStreamConsumer two = consumer;
        String first = create(NOISE, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> check(first).isPresent());
        // Stop the node that checked the first ticket: the other one only learns of it by following the stream.
        DuplicateStreamConsumer checker = one.checkedCount() == 1 ? one : two;
        DuplicateStreamConsumer follower = checker == one ? two : one;
        checker.stop().toCompletionStage().toCompletableFuture().join();
        consumer = follower;

        String second = create(NOISE, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> check(second).isPresent());
        assertThat(follower.checkedCount()).isEqualTo(1);
        assertThat(check(second).orElseThrow().data().get("matches")).startsWith(first + ":");
    }

    @Test
    void burstCheckedInStreamOrder() {
        // With pauses between batches, as in production, so the paced path is the one exercised.
        startConsumer(DuplicatePolicy.OFFER, "node-h", 0.25);
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            numbers.add(create(NOISE, null));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> numbers.stream().allMatch(n -> check(n).isPresent()));

        // Each report is compared with the ones before it only, whichever batch it was checked in.
        assertThat(check(numbers.get(0)).orElseThrow().data().get("matches")).isEmpty();
        for (int i = 1; i < numbers.size(); i++) {
            String matches = check(numbers.get(i)).orElseThrow().data().get("matches");
            assertThat(matches).as("matches of report %d", i).isNotEmpty();
            for (String match : matches.split(",")) {
                assertThat(numbers.indexOf(match.substring(0, match.indexOf(':')))).isBetween(0, i - 1);
            }
        }
        assertThat(consumer.checkedCount()).isEqualTo(30);
    }
}
