package io.yikou.core.casesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowAndStayWithinBounds() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(7));

        for (int attempt = 1; attempt <= 12; attempt++) {
            long nominal = Math.min(30_000, 1000L << (attempt - 1));
            long delay = backoff.delay(attempt).toMillis();
            assertThat(delay).as("attempt " + attempt).isBetween(nominal / 2, nominal);
        }
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(11));

        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delay(4).toMillis()).distinct()
                .count();

        assertThat(distinct).isGreaterThan(10);
    }
}
