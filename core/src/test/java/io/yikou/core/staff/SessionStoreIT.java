package io.yikou.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.impl.RedisSessionStore;
import io.yikou.core.staff.impl.RedisUserStore;
import io.yikou.testkit.Await;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions on a real Redis, with a clock moved by hand for the idle and absolute timeouts. */
class SessionStoreIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(8);

    private static Vertx vertx;
    private static RedisConnector redis;
    private MutableClock clock;
    private SessionStore sessions;
    private UserStore users;
    private StaffUser agent;

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
        sessions = new RedisSessionStore(redis, clock, IDLE, ABSOLUTE);
        users = new RedisUserStore(redis);
        agent = user("u-agent", "wang.li", Role.AGENT);
        assertThat(Await.result(users.create(agent))).isTrue();
    }

    private StaffUser user(String id, String name, Role role) {
        Instant now = clock.instant();
        return new StaffUser(id, name, name, role, true, "$argon2id$unused", now, now, now, 1);
    }

    @Test
    void tokenFindsItsSession() {
        SessionStore.NewSession created = Await.result(sessions.create(agent));

        Optional<ActiveSession> found = Await.result(sessions.touch(created.token()));

        assertThat(found).isPresent();
        assertThat(found.get().user().id()).isEqualTo("u-agent");
        assertThat(found.get().csrfToken()).isEqualTo(created.session().csrfToken());
        assertThat(found.get().id()).isEqualTo(sessions.idOf(created.token()));
    }

    @Test
    void tokenIsNotStoredInRedis() throws Exception {
        SessionStore.NewSession created = Await.result(sessions.create(agent));

        assertThat(redis.async().keys("*" + created.token() + "*").get()).isEmpty();
        assertThat(redis.async().exists(StaffKeys.session(sessions.idOf(created.token()))).get()).isEqualTo(1L);
    }

    @Test
    void unknownTokenFindsNothing() {
        assertThat(Await.result(sessions.touch("not-a-token"))).isEmpty();
        assertThat(Await.result(sessions.touch(""))).isEmpty();
    }

    @Test
    void idleSessionExpires() {
        String token = Await.result(sessions.create(agent)).token();

        clock.advance(IDLE);

        assertThat(Await.result(sessions.touch(token))).isEmpty();
    }

    @Test
    void useKeepsSessionAlive() {
        String token = Await.result(sessions.create(agent)).token();

        for (int i = 0; i < 4; i++) {
            clock.advance(IDLE.minusMinutes(1));
            assertThat(Await.result(sessions.touch(token))).as("use %d", i).isPresent();
        }
    }

    @Test
    void checkFindsLiveSession() {
        String token = Await.result(sessions.create(agent)).token();

        assertThat(Await.result(sessions.checkById(sessions.idOf(token)))).isPresent();
    }

    @Test
    void checkDoesNotKeepSessionAlive() {
        String token = Await.result(sessions.create(agent)).token();
        clock.advance(IDLE.minusMinutes(1));
        assertThat(Await.result(sessions.checkById(sessions.idOf(token)))).isPresent();

        clock.advance(Duration.ofMinutes(1));

        assertThat(Await.result(sessions.checkById(sessions.idOf(token)))).isEmpty();
    }

    @Test
    void busySessionEndsAtAbsoluteTimeout() {
        String token = Await.result(sessions.create(agent)).token();

        Duration elapsed = Duration.ZERO;
        while (elapsed.plus(Duration.ofMinutes(20)).compareTo(ABSOLUTE) < 0) {
            clock.advance(Duration.ofMinutes(20));
            elapsed = elapsed.plus(Duration.ofMinutes(20));
            assertThat(Await.result(sessions.touch(token))).as("after %s", elapsed).isPresent();
        }
        clock.advance(ABSOLUTE.minus(elapsed));

        assertThat(Await.result(sessions.touch(token))).isEmpty();
    }

    @Test
    void expiredSessionIsDeleted() throws Exception {
        String token = Await.result(sessions.create(agent)).token();
        clock.advance(IDLE.plusSeconds(1));

        Await.result(sessions.touch(token));

        assertThat(redis.async().exists(StaffKeys.session(sessions.idOf(token))).get()).isZero();
    }

    @Test
    void revokedSessionIsGone() {
        SessionStore.NewSession created = Await.result(sessions.create(agent));

        Await.result(sessions.revoke(created.session().id()));

        assertThat(Await.result(sessions.touch(created.token()))).isEmpty();
    }

    @Test
    void revokeAllEndsEverySessionOfUser() {
        String first = Await.result(sessions.create(agent)).token();
        String second = Await.result(sessions.create(agent)).token();
        StaffUser other = user("u-other", "zhang.san", Role.SUPERVISOR);
        Await.result(users.create(other));
        String unrelated = Await.result(sessions.create(other)).token();

        int ended = Await.result(sessions.revokeAll("u-agent"));

        assertThat(ended).isEqualTo(2);
        assertThat(Await.result(sessions.touch(first))).isEmpty();
        assertThat(Await.result(sessions.touch(second))).isEmpty();
        assertThat(Await.result(sessions.touch(unrelated))).isPresent();
    }

    @Test
    void revokeAllExceptKeepsOneSession() {
        SessionStore.NewSession kept = Await.result(sessions.create(agent));
        String ended = Await.result(sessions.create(agent)).token();

        Await.result(sessions.revokeAllExcept("u-agent", kept.session().id()));

        assertThat(Await.result(sessions.touch(kept.token()))).isPresent();
        assertThat(Await.result(sessions.touch(ended))).isEmpty();
    }

    @Test
    void roleChangeShowsOnNextTouch() {
        String token = Await.result(sessions.create(agent)).token();

        Await.result(users.update("u-agent", u -> u.withRole(Role.SUPERVISOR, clock.instant())));

        assertThat(Await.result(sessions.touch(token)).orElseThrow().user().role()).isEqualTo(Role.SUPERVISOR);
    }
}
