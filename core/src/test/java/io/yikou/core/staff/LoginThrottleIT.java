package io.yikou.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.impl.RedisLoginThrottle;
import io.yikou.testkit.Await;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login throttle on a real Redis: limits per name and per address in a sliding window. */
class LoginThrottleIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private static Vertx vertx;
    private static RedisConnector redis;
    private MutableClock clock;
    private LoginThrottle throttle;

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
        clock = new MutableClock(Instant.parse("2026-03-02T01:00:00Z"));
        throttle = new RedisLoginThrottle(redis, clock, WINDOW, 3, 10);
    }

    private LoginThrottle.Admission admit(String name, String address) {
        return Await.result(throttle.admit(name, address));
    }

    @Test
    void nameIsRefusedAfterMaxFailures() {
        for (int i = 0; i < 3; i++) {
            assertThat(admit("wang.li", "10.0.0." + i).attempt()).as("attempt %d", i).isPresent();
        }

        LoginThrottle.Admission fourth = admit("wang.li", "10.0.0.9");

        assertThat(fourth.attempt()).isEmpty();
        assertThat(fourth.retryAfter()).isEqualTo(WINDOW);
    }

    @Test
    void otherNamesStayAdmitted() {
        for (int i = 0; i < 3; i++) {
            admit("wang.li", "10.0.0.1");
        }

        assertThat(admit("zhang.san", "10.0.0.2").attempt()).isPresent();
    }

    @Test
    void addressIsRefusedAfterMaxFailures() {
        for (int i = 0; i < 10; i++) {
            assertThat(admit("user" + i, "192.0.2.7").attempt()).as("attempt %d", i).isPresent();
        }

        assertThat(admit("someone-else", "192.0.2.7").attempt()).isEmpty();
        assertThat(admit("someone-else", "192.0.2.8").attempt()).isPresent();
    }

    @Test
    void failuresLeaveWindowOneByOne() {
        admit("wang.li", "10.0.0.1");
        clock.advance(Duration.ofMinutes(5));
        admit("wang.li", "10.0.0.1");
        admit("wang.li", "10.0.0.1");

        clock.advance(Duration.ofMinutes(9));
        LoginThrottle.Admission refused = admit("wang.li", "10.0.0.1");
        clock.advance(Duration.ofMinutes(1));
        LoginThrottle.Admission admitted = admit("wang.li", "10.0.0.1");

        assertThat(refused.attempt()).isEmpty();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(admitted.attempt()).isPresent();
    }

    @Test
    void successForgetsNameFailures() {
        admit("wang.li", "10.0.0.1");
        admit("wang.li", "10.0.0.1");
        LoginThrottle.Attempt good = admit("wang.li", "10.0.0.1").attempt().orElseThrow();

        Await.result(throttle.succeeded(good));

        for (int i = 0; i < 3; i++) {
            assertThat(admit("wang.li", "10.0.0.1").attempt()).as("attempt %d", i).isPresent();
        }
    }

    @Test
    void successDoesNotCountAgainstAddress() {
        List<LoginThrottle.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(admit("agent" + i, "198.51.100.1").attempt().orElseThrow());
        }
        for (LoginThrottle.Attempt attempt : attempts) {
            Await.result(throttle.succeeded(attempt));
        }

        // A call centre behind one NAT address: a shift of successful logins must not lock it out.
        assertThat(admit("agent99", "198.51.100.1").attempt()).isPresent();
    }

    @Test
    void clearUnlocksName() {
        for (int i = 0; i < 3; i++) {
            admit("wang.li", "10.0.0.1");
        }

        Await.result(throttle.clear("wang.li"));

        assertThat(admit("wang.li", "10.0.0.2").attempt()).isPresent();
    }

    @Test
    void keysHoldNoTypedName() throws Exception {
        admit("wang.li", "10.0.0.1");

        assertThat(redis.async().keys("*wang.li*").get()).isEmpty();
    }
}
