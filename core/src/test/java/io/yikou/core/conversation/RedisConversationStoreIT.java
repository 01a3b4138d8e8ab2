package io.yikou.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.impl.RedisConversationStore;
import io.yikou.core.redis.RedisConnector;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisConversationStoreIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static Vertx vertx;
    private static RedisConnector connector;
    private static RedisConversationStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        connector = RedisConnector.connect(vertx, redis.url(), Duration.ofSeconds(5));
        store = new RedisConversationStore(connector, ZoneId.of("Asia/Shanghai"), Clock.systemUTC(), 100_000, 10);
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Identity citizen(String openId) {
        return new Identity(IdentityKind.WECHAT_OPENID, openId, "wx1");
    }

    private static ConversationMessage message(String msgId, long createSecond, String text) {
        InboundMessage inbound = new InboundMessage(Channel.WECHAT, "gh", citizen("o"), msgId, msgId,
                Instant.ofEpochSecond(createSecond), MessageKind.TEXT, "text", text, null, null, null, null, null,
                Map.of());
        return ConversationMessage.inbound(inbound, "C-" + msgId, null, null);
    }

    @Test
    void concurrentMessagesJoinOneConversationInOrder() throws Exception {
        Identity sender = citizen("oConcurrent");
        List<Future<ConversationStore.Appended>> appends = new ArrayList<>();
        // Same second, ids chosen so that numeric and string order differ (9 < 10 < 11).
        appends.add(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("11", 1_700_000_000, "c"), Instant.now()));
        appends.add(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("9", 1_700_000_000, "a"), Instant.now()));
        appends.add(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("10", 1_700_000_000, "b"), Instant.now()));
        appends.add(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("5", 1_699_999_999, "first"), Instant.now()));
        Set<String> ids = new HashSet<>();
        for (Future<ConversationStore.Appended> append : appends) {
            ids.add(await(append).conversation().id());
        }

        assertThat(ids).hasSize(1);
        List<ConversationMessage> messages = await(store.messages(ids.iterator().next()));
        assertThat(messages).extracting(ConversationMessage::text).containsExactly("first", "a", "b", "c");
    }

    @Test
    void repeatedEntryIsNotAddedTwice() throws Exception {
        Identity sender = citizen("oRepeat");
        ConversationMessage entry = message("77", 1_700_000_100, "x");

        ConversationStore.Appended first = await(store.appendInbound(Channel.WECHAT, "gh", sender, null, entry, Instant.now()));
        ConversationStore.Appended second = await(store.appendInbound(Channel.WECHAT, "gh", sender, null, entry, Instant.now()));

        assertThat(first.opened()).isTrue();
        assertThat(first.added()).isTrue();
        assertThat(second.added()).isFalse();
        assertThat(await(store.messages(first.conversation().id()))).hasSize(1);
    }

    @Test
    void idleConversationClosesAndNextMessageOpensAnother() throws Exception {
        Identity sender = citizen("oIdle");
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        String first = await(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("1", 1_700_000_200, "x"),
                longAgo)).conversation().id();

        int closed = await(store.closeIdle(Instant.now().minus(Duration.ofMinutes(30)), 100));
        Conversation reread = await(store.find(first)).orElseThrow();
        String second = await(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("2", 1_700_000_300, "y"),
                Instant.now())).conversation().id();

        assertThat(closed).isGreaterThanOrEqualTo(1);
        assertThat(reread.state()).isEqualTo(ConversationState.CLOSED);
        assertThat(reread.closeReason()).isEqualTo("idle");
        assertThat(second).isNotEqualTo(first);
        assertThat(await(store.closeIdle(Instant.now().minus(Duration.ofMinutes(30)), 100))).isZero();
    }

    @Test
    void fullConversationRollsOver() throws Exception {
        Identity sender = citizen("oFull");
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= 12; i++) {
            ids.add(await(store.appendInbound(Channel.WECHAT, "gh", sender, null, message(Integer.toString(i),
                    1_700_000_400 + i, "m" + i), Instant.now())).conversation().id());
        }

        assertThat(ids).hasSize(2);
    }

    @Test
    void lastInboundTracksNewestMessage() throws Exception {
        Identity sender = citizen("oWindow");
        await(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("3", 1_700_000_600, "x"), Instant.now()));
        await(store.appendInbound(Channel.WECHAT, "gh", sender, null, message("2", 1_700_000_500, "y"), Instant.now()));

        assertThat(await(store.lastInbound(Channel.WECHAT, "gh", sender))).contains(Instant.ofEpochSecond(1_700_000_600));
    }
}
