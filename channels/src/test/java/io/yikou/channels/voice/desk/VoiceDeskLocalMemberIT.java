package io.yikou.channels.voice.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.VoiceModule;
import io.yikou.channels.voice.VoiceOptions;
import io.yikou.channels.voice.ivr.IvrRunner;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.live.AcdClient;
import io.yikou.core.push.PushEvent;
import io.yikou.core.push.PushPublisher;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The screen pop for a Local-channel member: in the recorded call s1, app_queue rings
 * {@code Local/1001@agents/n}, which reports Status 2 (in use) while it rings, never 6 (ringing). The
 * pop must still go out, from {@code AgentCalled}.
 */
class VoiceDeskLocalMemberIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private CoreServices core;
    private FakeAmiServer fake;
    private VoiceModule module;
    private final List<PushEvent> pushed = new CopyOnWriteArrayList<>();
    private MessageConsumer<JsonObject> agents;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redis.url());
        core.flushAll();
        StatefulRedisPubSubConnection<String, String> pushes = core.redis().pubSub("test pushes");
        pushes.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                pushed.add(PushEvent.fromJson(new JsonObject(message)));
            }
        });
        pushes.sync().subscribe(PushPublisher.CHANNEL);
        agents = core.vertx().eventBus().consumer(AcdClient.AGENT_FOR_INTERFACE, message -> message.reply(
                new JsonObject().put("userId", "Local/1001@agents/n".equals(message.body().getString("interface"))
                        ? "u-zhangwei" : null)));
        fake = new FakeAmiServer(VoiceHarness.SECRET).start();
        fake.listResponder("QueueStatus", Scripts.hotlineQueueStatusResponder());
        fake.enqueue(AmiScript.of(Scripts.ami("s3-member-admin-status").connection(0)).expecting("QueueAdd"));
        fake.enqueue(AmiScript.of(Scripts.ami("s1-ivr-queue-answered").connection(0)));
        String yaml = """
                voice:
                  enabled: true
                  asterisk-id: test-pbx
                  inbound-contexts: [citizen, from-trunk]
                  ami:
                    port: %d
                    secret: %s
                    lease-ttl: 2s
                  agi:
                    port: 0
                """.formatted(fake.port(), VoiceHarness.SECRET);
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", Map.of(),
                VoiceOptions.envOverrides()));
        module = new VoiceModule(core.context(), VoiceOptions.read(reader), IvrRunner.none());
        module.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        agents.unregister();
        // Without the recordings the setup is skipped before the module and the fake server exist.
        if (module != null) {
            module.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (fake != null) {
            fake.close();
        }
        core.close();
    }

    @Test
    void ringingLocalMemberPopsItsAgent() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pushed.stream().anyMatch(e -> e.event().equals("call.screen-pop")));

        List<PushEvent> pops = pushed.stream().filter(e -> e.event().equals("call.screen-pop")).toList();
        assertThat(pops).singleElement().satisfies(pop -> {
            assertThat(pop.userId()).isEqualTo("u-zhangwei");
            assertThat(pop.data().getString("linkedid")).isEqualTo("1796416099.0");
            assertThat(pop.data().getString("queue")).isEqualTo("hotline");
        });
    }
}
