package io.yikou.channels.webform.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Open311ApiTest {

    private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void windowDefaultsToLast90Days() {
        Instant[] window = Open311Api.window(null, null, NOW);

        assertThat(window[0]).isEqualTo(NOW.minus(Duration.ofDays(90)));
        assertThat(window[1]).isEqualTo(NOW);
    }

    @Test
    void windowExtendsFromOneDate() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(Open311Api.window(start, null, NOW)[1]).isEqualTo(start.plus(Duration.ofDays(90)));
        assertThat(Open311Api.window(null, start, NOW)[0]).isEqualTo(start.minus(Duration.ofDays(90)));
    }

    @Test
    void windowOver90DaysIsRejected() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        assertThatThrownBy(() -> Open311Api.window(start, start.plus(Duration.ofDays(91)), NOW))
                .isInstanceOfSatisfying(Open311Exception.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> Open311Api.window(start, start.minusSeconds(1), NOW))
                .isInstanceOf(Open311Exception.class);
    }

    @Test
    void fullNameFollowsNameOrder() {
        assertThat(Open311Api.fullName("三", "张")).isEqualTo("张三");
        assertThat(Open311Api.fullName("Jane", "Doe")).isEqualTo("Jane Doe");
        assertThat(Open311Api.fullName(null, "Doe")).isEqualTo("Doe");
        assertThat(Open311Api.fullName("Jane", null)).isEqualTo("Jane");
    }

    @Test
    void coreFieldsMapToOpen311Parameters() {
        assertThat(Open311Api.openParameter("address")).isEqualTo("address_string");
        assertThat(Open311Api.openParameter("location")).isEqualTo("lat/long");
        assertThat(Open311Api.openParameter("description")).isEqualTo("description");
    }
}
