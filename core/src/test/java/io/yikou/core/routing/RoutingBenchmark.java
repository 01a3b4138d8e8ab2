package io.yikou.core.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisServerProcess;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures one routing decision: the {@code dispatch} call of {@code acd.lua} that takes the head of
 * a queue with 10,000 waiting conversations and offers it to the best of 1,000 free agents, timed
 * from the client (Lettuce through {@link RedisConnector}) against a private {@code redis-server}.
 *
 * <p>Between two timed decisions the offered conversation is accepted and closed, and a new one is
 * enqueued (untimed), so every decision sees 10,000 waiting conversations and 1,000 agents. Not part
 * of {@code mvn verify}; see {@code docs/benchmarks.md} for the command.
 *
 * <p>Arguments: agents (1000), waiting conversations (10000), timed decisions (20000), declines per
 * conversation (0). With declines {@code d > 0}, every conversation has been declined by agents
 * {@code u-0} to {@code u-(d-1)}. Those agents are never offered anything, so they stay longest idle at
 * the head of the free set, and every decision skips them first.
 */
public final class RoutingBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingBenchmark.class);
    private static final String QUEUE = "bench";

    private RoutingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int waiting = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int decisions = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int declines = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int warmUp = Math.max(1000, decisions / 10);

        Path dataDir = Files.createTempDirectory("yikou-routing-bench");
        Vertx vertx = Vertx.vertx();
        try (RedisServerProcess redisServer = new RedisServerProcess(dataDir, 0).start()) {
            RedisConnector redis = RedisConnector.connect(vertx, redisServer.url(), Duration.ofSeconds(30));
            AcdStore store = new AcdStore(redis, Clock.systemUTC(), ZoneId.of("Asia/Shanghai"));
            String declinedBy = String.join(",", java.util.stream.IntStream.range(0, declines)
                    .mapToObj(i -> "u-" + i).toList());
            setUp(store, redis, agents, waiting, declinedBy);

            long[] dispatch = new long[decisions];
            long[] accept = new long[decisions];
            long[] enqueue = new long[decisions];
            int next = waiting;
            for (int i = -warmUp; i < decisions; i++) {
                long start = System.nanoTime();
                AcdResult offered = await(store.run("dispatch", QUEUE, "20000", "1"));
                long decided = System.nanoTime();
                if (offered.raw().getInteger("offers", 0) != 1 || offered.events().isEmpty()) {
                    throw new IllegalStateException("decision " + i + " made no offer: " + offered.raw());
                }
                String conversation = offered.events().get(0).getString("conversation");
                String agent = offered.events().get(0).getString("agent");
                long acceptStart = System.nanoTime();
                await(store.run("accept", conversation, agent, "15000"));
                long accepted = System.nanoTime();
                await(store.run("close", conversation, "bench", "0"));
                long enqueueStart = System.nanoTime();
                enqueue(store, redis, next++, declinedBy);
                long enqueued = System.nanoTime();
                if (i >= 0) {
                    dispatch[i] = decided - start;
                    accept[i] = accepted - acceptStart;
                    enqueue[i] = enqueued - enqueueStart;
                }
            }
            long waitingNow = await(store.waitingFigures(QUEUE))[0];
            LOG.info(String.format(Locale.ROOT, "agents=%d waiting=%d (at end %d) decisions=%d warm-up=%d declines=%d",
                    agents, waiting, waitingNow, decisions, warmUp, declines));
            report("dispatch (one routing decision)", dispatch);
            report("accept", accept);
            report("enqueue", enqueue);
            // Redis's own time per script call, all operations together, without the network and client.
            String stats = await(redis.call(c -> c.info("commandstats")));
            stats.lines().filter(line -> line.startsWith("cmdstat_evalsha") || line.startsWith("cmdstat_eval:"))
                    .forEach(line -> LOG.info("redis {}", line));
            redis.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            TempDirs.deleteRecursively(dataDir);
        }
    }

    /** Stores the queue, makes every agent ready with room for three chats, and fills the queue. */
    private static void setUp(AcdStore store, RedisConnector redis, int agents, int waiting, String declinedBy) {
        String queue = "{\"id\":\"bench\",\"name\":\"bench\",\"order\":0,\"match\":{},\"requiredSkills\":[],"
                + "\"priority\":0,\"version\":1}";
        QueueDefinition definition = QueueDefinition.fromJson(new io.vertx.core.json.JsonObject(queue));
        await(store.saveQueue(definition, true));
        for (int i = 0; i < agents; i++) {
            await(store.run("presence", "u-" + i, "ready", "", "3", "0", QUEUE));
        }
        for (int i = 0; i < waiting; i++) {
            enqueue(store, redis, i, declinedBy);
        }
    }

    private static void enqueue(AcdStore store, RedisConnector redis, int n, String declinedBy) {
        // Every seventh citizen is elderly, so the waiting list mixes two priorities.
        String priority = n % 7 == 0 ? "2" : "0";
        await(store.run("enqueue", "V-" + n, QUEUE, priority, n % 7 == 0 ? "elderly" : "", "", "wechat",
                "CIT-" + n, "路灯坏了", "", ""));
        if (!declinedBy.isEmpty()) {
            await(redis.call(c -> c.hset(AcdStore.PREFIX + "conv:V-" + n, "declined", declinedBy)));
        }
    }

    private static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        LOG.info(String.format(Locale.ROOT, "%-32s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms",
                name, millis(sorted, 0.50), millis(sorted, 0.90), millis(sorted, 0.99), millis(sorted, 0.999),
                sorted[sorted.length - 1] / 1e6));
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
