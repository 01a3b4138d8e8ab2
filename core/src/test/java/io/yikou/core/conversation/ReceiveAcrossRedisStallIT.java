package io.yikou.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.citizen.Identity;
import io.yikou.core.citizen.IdentityKind;
import io.yikou.core.citizen.impl.RedisCitizenRegistry;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.impl.RedisContactStore;
import io.yikou.core.conversation.impl.RedisConversationStore;
import io.yikou.core.grid.BoundarySource;
import io.yikou.core.grid.impl.JtsGridLocator;
import io.yikou.core.intake.IntakeOptions;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.LookupTokens;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisLock;
import io.yikou.core.ticket.impl.RedisTicketStore;
import io.yikou.testkit.RedisExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message whose store command times out while Redis is unreachable, and is then delivered again
 * (WeChat's retry), is stored once. The command that was held up runs when the link recovers, and
 * the idempotency key inside the same Lua script turns the retry into a repeat.
 */
class ReceiveAcrossRedisStallIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static Vertx vertx;
    private static NetServer proxy;
    private static final List<NetSocket> clientSides = new CopyOnWriteArrayList<>();
    private static volatile boolean stalled;
    private static RedisConnector connector;
    private static ConversationService service;
    private static RedisClient probeClient;
    private static StatefulRedisConnection<String, String> probe;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        URI target = URI.create(redis.url());
        proxy = await(vertx.createNetServer().connectHandler(client -> {
            client.pause();
            clientSides.add(client);
            vertx.createNetClient().connect(target.getPort(), "127.0.0.1").onSuccess(server -> {
                client.handler(server::write);
                server.handler(client::write);
                client.closeHandler(v -> server.close());
                server.closeHandler(v -> client.close());
                if (!stalled) {
                    client.resume();
                }
            });
        }).listen(0, "127.0.0.1"));

        connector = RedisConnector.connect(vertx, "redis://127.0.0.1:" + proxy.actualPort(), Duration.ofSeconds(3));
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml("{}"), "test", Map.of(),
                List.of()));
        IntakeOptions intakeOptions = IntakeOptions.read(reader);
        var tickets = new RedisTicketStore(connector, "96010", intakeOptions.zone(), Duration.ofDays(1), 100_000);
        var contacts = new RedisContactStore(connector, intakeOptions.zone(), Duration.ofDays(1), 100_000);
        var citizens = new RedisCitizenRegistry(connector, Clock.systemUTC());
        var intake = new IntakeService(tickets, CategoryTree.bundled(),
                JtsGridLocator.load(List.of(BoundarySource.demo())), LookupTokens.withSecret(new byte[32]),
                intakeOptions, Clock.systemUTC());
        service = new ConversationService(vertx, new RedisConversationStore(connector, intakeOptions.zone(),
                Clock.systemUTC(), 100_000, 500), contacts, citizens, intake, new RedisLock(connector),
                ConversationOptions.defaults(), 5, Clock.systemUTC());
        probeClient = RedisClient.create(redis.url());
        probe = probeClient.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        probe.close();
        probeClient.shutdown();
        connector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void timedOutStoreAndRetryMakeOneContact() throws Exception {
        InboundMessage message = new InboundMessage(Channel.WECHAT, "gh", new Identity(IdentityKind.WECHAT_OPENID,
                "oTEST_citizen_0005", "wx1"), "24000000000000005", "24000000000000005", Instant.now(),
                MessageKind.TEXT, "text", "井盖丢了", null, null, null, null, null, Map.of());
        // Resolve the citizen first, so the stalled command is the contact's atomic create.
        ConversationService.Receipt warmUp = await(service.receive(new InboundMessage(Channel.WECHAT, "gh",
                message.sender(), "1", "warm-up", Instant.now(), MessageKind.TEXT, "text", "warm", null, null, null,
                null, null, Map.of()), null));
        await(warmUp.processed());
        long before = probe.sync().hlen(RedisKeys.contacts());

        stalled = true;
        clientSides.forEach(NetSocket::pause);
        assertThatThrownBy(() -> await(service.receive(message, null))).hasMessageContaining("timed out");
        stalled = false;
        clientSides.forEach(NetSocket::resume);

        ConversationService.Receipt retry = await(service.receive(message, null));
        await(retry.processed());

        assertThat(probe.sync().hlen(RedisKeys.contacts())).isEqualTo(before + 1);
        assertThat(retry.contact().externalId()).isEqualTo("24000000000000005");
    }
}
