package io.yikou.testkit.asterisk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiOptions;
import io.yikou.channels.voice.ami.Secret;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.channels.voice.live.LiveSynchronizer;
import io.yikou.core.citizen.impl.RedisCitizenRegistry;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.impl.RedisContactStore;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The voice channel's event side wired to real Redis and a fake AMI server: AMI client, live model,
 * resynchroniser and voice contacts, as the module wires them. For tests and benchmarks.
 */
public final class VoiceHarness implements AutoCloseable {

    public static final String SECRET = "yikou-test-secret";

    private final Vertx vertx = Vertx.vertx();
    private final RedisConnector redis;
    private final RedisContactStore contactStore;
    private final LiveModel model;
    private final LiveSynchronizer synchronizer;
    private final VoiceContacts contacts;
    private final AmiClient client;

    public VoiceHarness(String redisUrl, int amiPort, Set<String> inboundContexts, Clock clock) {
        this(redisUrl, amiPort, inboundContexts, clock, AmiOptions.builder());
    }

    public VoiceHarness(String redisUrl, int amiPort, Set<String> inboundContexts, Clock clock,
                        AmiOptions.Builder options) {
        redis = RedisConnector.connect(vertx, redisUrl, Duration.ofSeconds(5));
        contactStore = new RedisContactStore(redis, ZoneId.of("Asia/Shanghai"), Duration.ofDays(1), 100_000);
        model = new LiveModel(inboundContexts, clock);
        synchronizer = new LiveSynchronizer(model);
        contacts = new VoiceContacts(contactStore, new RedisCitizenRegistry(redis, clock), "pbx1", clock);
        model.addListener(contacts);
        client = new AmiClient(vertx, options.host("127.0.0.1").port(amiPort).username("yikou")
                .secret(Secret.of(SECRET)).build(), synchronizer, new Random(1), clock);
    }

    public VoiceHarness start() {
        await(client.start());
        return this;
    }

    public Vertx vertx() {
        return vertx;
    }

    public RedisConnector redis() {
        return redis;
    }

    public LiveModel model() {
        return model;
    }

    public AmiClient client() {
        return client;
    }

    public VoiceContacts contacts() {
        return contacts;
    }

    public RedisContactStore contactStore() {
        return contactStore;
    }

    /** Returns every stored contact. */
    public List<Contact> storedContacts() {
        Map<String, String> all = await(redis.call(c -> c.hgetall(RedisKeys.contacts())));
        List<Contact> result = new ArrayList<>();
        for (String json : all.values()) {
            result.add(JsonCodec.read(json, Contact.class));
        }
        return result;
    }

    /** Returns the {@code type} of every ticket-stream entry, oldest first. */
    public List<String> streamTypes() {
        var entries = await(redis.call(c -> c.xrange(RedisKeys.stream(), io.lettuce.core.Range.create("-", "+"))));
        List<String> types = new ArrayList<>();
        for (var entry : entries) {
            types.add(entry.getBody().get("type"));
        }
        return types;
    }

    public void flushRedis() {
        await(redis.call(c -> c.flushall()));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("operation failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            await(client.stop());
        } finally {
            redis.close();
            await(vertx.close());
        }
    }
}
