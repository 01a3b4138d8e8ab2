package io.yikou.channels.voice.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AmiLeaseIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final class Counting implements AmiLease.Listener {
        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        @Override
        public void onAcquired() {
            acquired.incrementAndGet();
        }

        @Override
        public void onLost() {
            lost.incrementAndGet();
        }
    }

    @Test
    void oneNodeHoldsLeaseAndAnotherTakesOverAfterCrash() throws Exception {
        Vertx nodeA = Vertx.vertx();
        Vertx nodeB = Vertx.vertx();
        RedisConnector redisA = RedisConnector.connect(nodeA, redis.url(), Duration.ofSeconds(2));
        RedisConnector redisB = RedisConnector.connect(nodeB, redis.url(), Duration.ofSeconds(2));
        try {
            Counting a = new Counting();
            Counting b = new Counting();
            AmiLease leaseA = new AmiLease(nodeA, redisA, "pbx-crash", "node-a", Duration.ofMillis(900), a);
            AmiLease leaseB = new AmiLease(nodeB, redisB, "pbx-crash", "node-b", Duration.ofMillis(900), b);
            leaseA.start();
            await().atMost(Duration.ofSeconds(5)).until(leaseA::isHeld);
            leaseB.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> "node-a".equals(
                    leaseB.holder().toCompletionStage().toCompletableFuture().get()));
            assertThat(leaseB.isHeld()).isFalse();

            // Node A dies without releasing: its timers stop, the key expires, node B takes over.
            redisA.close();
            nodeA.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(leaseB::isHeld);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.acquired.get() > 0);
            assertThat(b.acquired.get()).isEqualTo(1);
            assertThat(leaseB.holder().toCompletionStage().toCompletableFuture().get()).isEqualTo("node-b");
            leaseB.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(b.lost.get()).isEqualTo(1);
        } finally {
            redisB.close();
            nodeB.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingHolderHandsLeaseOver() throws Exception {
        Vertx vertx = Vertx.vertx();
        RedisConnector connector = RedisConnector.connect(vertx, redis.url(), Duration.ofSeconds(2));
        try {
            Counting a = new Counting();
            Counting b = new Counting();
            AmiLease leaseA = new AmiLease(vertx, connector, "pbx-handover", "node-a", Duration.ofSeconds(30), a);
            AmiLease leaseB = new AmiLease(vertx, connector, "pbx-handover", "node-b", Duration.ofMillis(600), b);
            leaseA.start();
            await().atMost(Duration.ofSeconds(5)).until(leaseA::isHeld);
            leaseB.start();
            leaseA.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(leaseB::isHeld);
            // The lease sets its flag on the event loop just before it calls the listener.
            await().atMost(Duration.ofSeconds(5)).until(() -> b.acquired.get() > 0);
            assertThat(a.lost.get()).isEqualTo(1);
            assertThat(b.acquired.get()).isEqualTo(1);
            leaseB.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } finally {
            connector.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
