package io.yikou.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.redis.RedisServerProcess;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acknowledged tickets survive Redis restarts thanks to the AOF the private server writes. */
class RedisDurabilityIT {

    @RegisterExtension
    final RedisExtension redis = new RedisExtension();

    @Test
    void ticketsSurviveCleanRestart() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (CoreServices services = CoreServices.start(redis.url())) {
            for (int i = 0; i < 50; i++) {
                acknowledged.add(Await.result(services.context().tickets()
                        .create(RedisTicketStoreIT.draft("重启前 " + i), Optional.empty())).ticket().number());
            }
        }

        redis.restart();

        try (CoreServices services = CoreServices.start(redis.url())) {
            List<Ticket> found = Await.result(services.context().tickets().findAll(acknowledged));
            assertThat(found).extracting(Ticket::number).containsExactlyElementsOf(acknowledged);
            // The day counter survived too, so the next number continues the sequence.
            String next = Await.result(services.context().tickets()
                    .create(RedisTicketStoreIT.draft("重启后"), Optional.empty())).ticket().number();
            assertThat(next).endsWith("-000051");
        }
    }

    @Test
    void ticketsSurviveKilledRedisAfterFsync() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (CoreServices services = CoreServices.start(redis.url())) {
            for (int i = 0; i < 50; i++) {
                acknowledged.add(Await.result(services.context().tickets()
                        .create(RedisTicketStoreIT.draft("崩溃前 " + i), Optional.empty())).ticket().number());
            }
            // appendfsync everysec: anything acknowledged more than about a second ago is on disk.
            Awaitility.await().pollDelay(java.time.Duration.ofMillis(1500)).until(() -> true);
        }
        int port = redis.process().port();
        redis.process().kill();
        RedisServerProcess revived = new RedisServerProcess(redis.dataDir(), port).start();
        try (CoreServices services = CoreServices.start(revived.url())) {
            List<Ticket> found = Await.result(services.context().tickets().findAll(acknowledged));
            assertThat(found).hasSize(acknowledged.size());
        } finally {
            revived.close();
        }
    }
}
