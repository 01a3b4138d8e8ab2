package io.yikou.core.casesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T02:00:00Z"), ZoneOffset.UTC);
    private final Signatures signatures = new Signatures("secret-0123456789abcdef", Duration.ofMinutes(5), clock);
    private final byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private final long now = Instant.parse("2026-12-04T02:00:00Z").getEpochSecond();

    @Test
    void ownSignatureVerifies() {
        assertThat(signatures.verify(Long.toString(now), signatures.sign(now, body), body)).isNull();
    }

    @Test
    void changedBodyFails() {
        String signature = signatures.sign(now, body);

        assertThat(signatures.verify(Long.toString(now), signature, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("mismatch");
    }

    @Test
    void timestampOutsideToleranceIsStale() {
        long old = now - 301;

        assertThat(signatures.verify(Long.toString(old), signatures.sign(old, body), body)).isEqualTo("stale");
    }

    @Test
    void garbageHeadersAreMissing() {
        assertThat(signatures.verify("yesterday", "sha256=00", body)).isEqualTo("missing");
        assertThat(signatures.verify(Long.toString(now), "md5=00", body)).isEqualTo("missing");
        assertThat(signatures.verify(Long.toString(now), "sha256=zz", body)).isEqualTo("mismatch");
    }
}
