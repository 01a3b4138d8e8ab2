package io.yikou.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.XAddArgs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.yikou.core.redis.RedisKeys;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batched reads and acknowledgements of {@link StreamConsumer} on a real Redis. */
class StreamConsumerIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private CoreServices services;
    private final List<StreamConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        services = CoreServices.start(REDIS.url());
    }

    @AfterEach
    void stop() throws Exception {
        for (StreamConsumer consumer : consumers) {
            Await.result(consumer.stop(Duration.ofSeconds(5)));
        }
        services.flushAll();
        services.close();
    }

    private void append(int count, String type) {
        for (int i = 0; i < count; i++) {
            Map<String, String> body = Map.of("type", type, "ticket", type + "-" + i);
            Await.result(services.redis().call(c -> c.xadd(RedisKeys.stream(), new XAddArgs(), body)));
        }
    }

    private StreamConsumer consumer(String name, int concurrency, Duration claimIdle, StreamHandler handler) {
        StreamConsumer consumer = new StreamConsumer(services.redis(),
                new StreamConsumer.Options("g", name, concurrency, claimIdle, 5, false), handler, TIMEOUT);
        consumers.add(consumer);
        Await.result(consumer.start());
        return consumer;
    }

    private long pending() {
        return Await.result(services.redis().call(c -> c.xpending(RedisKeys.stream(), "g"))).getCount();
    }

    private long commandCalls(String command) {
        String stats = Await.result(services.redis().call(c -> c.info("commandstats")));
        Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    @Test
    void unwantedEntriesSkipTheHandler() {
        append(40, "ticket.status");
        append(10, "ticket.created");
        List<String> handled = new CopyOnWriteArrayList<>();
        consumer("n1", 4, Duration.ofSeconds(30), new StreamHandler() {
            @Override
            public boolean wants(StreamEntry entry) {
                return "ticket.created".equals(entry.type());
            }

            @Override
            public Future<Void> handle(StreamEntry entry) {
                handled.add(entry.ticket());
                return Future.succeededFuture();
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 10 && pending() == 0);
        assertThat(handled).allMatch(ticket -> ticket.startsWith("ticket.created-")).doesNotHaveDuplicates();
    }

    @Test
    void acknowledgementsShareCommands() {
        long before = commandCalls("xack");
        append(200, "ticket.created");
        AtomicInteger handled = new AtomicInteger();
        consumer("n1", 32, Duration.ofSeconds(30), entry -> {
            handled.incrementAndGet();
            return Future.succeededFuture();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 200 && pending() == 0);
        // Handlers that finish at once are acknowledged together: far fewer commands than entries.
        assertThat(commandCalls("xack") - before).isBetween(1L, 50L);
    }

    @Test
    void readAheadKeepsConcurrencyLimit() {
        append(100, "ticket.created");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxAtOnce = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        consumer("n1", 3, Duration.ofSeconds(30), entry -> {
            int now = running.incrementAndGet();
            maxAtOnce.accumulateAndGet(now, Math::max);
            Promise<Void> done = Promise.promise();
            services.vertx().setTimer(2, id -> {
                running.decrementAndGet();
                handled.incrementAndGet();
                done.complete();
            });
            return done.future();
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == 100 && pending() == 0);
        assertThat(maxAtOnce.get()).isEqualTo(3);
    }

    @Test
    void waitingEntriesStayWithSlowMember() {
        append(6, "ticket.created");
        Map<String, String> handledBy = new ConcurrentHashMap<>();
        List<String> repeats = Collections.synchronizedList(new ArrayList<>());
        StreamHandler slowFirst = new StreamHandler() {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public Future<Void> handle(StreamEntry entry) {
                if (handledBy.putIfAbsent(entry.ticket(), "n1") != null) {
                    repeats.add(entry.ticket());
                }
                if (calls.getAndIncrement() > 0) {
                    return Future.succeededFuture();
                }
                // Three claim periods: without the heartbeat the five waiting entries would go stale.
                Promise<Void> done = Promise.promise();
                services.vertx().setTimer(3000, id -> done.complete());
                return done.future();
            }
        };
        consumer("n1", 1, Duration.ofSeconds(1), slowFirst);
        await().atMost(Duration.ofSeconds(5)).until(() -> handledBy.size() == 1);
        consumer("n2", 4, Duration.ofSeconds(1), entry -> {
            if (handledBy.putIfAbsent(entry.ticket(), "n2") != null) {
                repeats.add(entry.ticket());
            }
            return Future.succeededFuture();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> handledBy.size() == 6 && pending() == 0);
        assertThat(handledBy.values()).containsOnly("n1");
        assertThat(repeats).isEmpty();
    }

    @Test
    void waitingEntriesOfStoppedMemberMove() {
        append(5, "ticket.created");
        Promise<Void> never = Promise.promise();
        AtomicInteger firstCalls = new AtomicInteger();
        StreamConsumer first = consumer("n1", 1, Duration.ofMillis(300), entry -> {
            firstCalls.incrementAndGet();
            return never.future();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> first.inFlight() == 1 && first.waiting() == 4);
        Await.result(first.stop(Duration.ofMillis(100)));
        consumers.remove(first);

        List<String> handled = new CopyOnWriteArrayList<>();
        consumer("n2", 4, Duration.ofMillis(300), entry -> {
            handled.add(entry.ticket());
            return Future.succeededFuture();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 5 && pending() == 0);
        assertThat(handled).doesNotHaveDuplicates();
        assertThat(firstCalls.get()).isEqualTo(1);
    }

    @Test
    void takeoverClaimsReadAheadInBatches() {
        append(150, "ticket.created");
        Promise<Void> never = Promise.promise();
        StreamConsumer first = consumer("n1", 1, Duration.ofMillis(900), entry -> never.future());
        await().atMost(Duration.ofSeconds(5)).until(() -> first.inFlight() + first.waiting() == StreamConsumer.READ_BATCH);
        Await.result(first.stop(Duration.ofMillis(100)));
        consumers.remove(first);
        long claimsBefore = commandCalls("xautoclaim");

        List<String> handled = new CopyOnWriteArrayList<>();
        consumer("n2", 2, Duration.ofMillis(900), entry -> {
            handled.add(entry.ticket());
            return Future.succeededFuture();
        });

        // Two at a time, one claim per period (300 ms) would take ten seconds for the 64 left behind.
        await().atMost(Duration.ofSeconds(6)).until(() -> handled.size() == 150 && pending() == 0);
        assertThat(handled).doesNotHaveDuplicates();
        assertThat(commandCalls("xautoclaim") - claimsBefore).isLessThan(32);
    }
}
