package io.yikou.testkit;

import io.vertx.core.Vertx;
import io.yikou.core.attachment.impl.FileAttachmentStore;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.citizen.impl.RedisCitizenRegistry;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.config.YikouConfig;
import io.yikou.core.contact.impl.RedisContactStore;
import io.yikou.core.grid.impl.JtsGridLocator;
import io.yikou.core.http.BearerTokenAuth;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.LookupTokens;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.impl.RedisTicketStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The core services wired to a real Redis, as the server wires them, for integration tests of core
 * features and of modules. Close it after the test to release Vert.x and the connections.
 */
public final class CoreServices implements AutoCloseable {

    /** Service token the harness's staff auth accepts. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Vertx vertx;
    private final RedisConnector redis;
    private final ModuleContext context;
    private final Path dataDir;

    private CoreServices(Vertx vertx, RedisConnector redis, ModuleContext context, Path dataDir) {
        this.vertx = vertx;
        this.redis = redis;
        this.context = context;
        this.dataDir = dataDir;
    }

    /**
     * Builds the services.
     *
     * @param redisUrl the test's Redis
     * @param yaml     configuration as YAML, {@code ""} for defaults
     * @param env      environment overrides
     * @param clock    clock for the services
     */
    public static CoreServices start(String redisUrl, String yaml, Map<String, String> env, Clock clock) throws Exception {
        Path dataDir = Files.createTempDirectory("yikou-core-test");
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("YIKOU_DATA_DIR", dataDir.toString());
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", environment,
                YikouConfig.envOverrides()));
        YikouConfig config = YikouConfig.read(reader);
        reader.finish();

        Vertx vertx = Vertx.vertx();
        RedisConnector redis = RedisConnector.connect(vertx, redisUrl, config.redis().commandTimeout());
        LookupTokens tokens = LookupTokens.load(redis).toCompletionStage().toCompletableFuture().get();
        CategoryTree categories = CategoryTree.bundled();
        JtsGridLocator grid = JtsGridLocator.load(config.grid().sources());
        var tickets = new RedisTicketStore(redis, config.intake().numberPrefix(), config.intake().zone(),
                config.intake().idempotencyTtl(), config.intake().streamMaxLength());
        var contacts = new RedisContactStore(redis, config.intake().zone(), config.intake().idempotencyTtl(),
                config.intake().streamMaxLength());
        var citizens = new RedisCitizenRegistry(redis, clock);
        var intake = new IntakeService(tickets, categories, grid, tokens, config.intake(), clock);
        var attachments = new FileAttachmentStore(vertx, config.dataDir().resolve("attachments"));
        Messages messages = Messages.core();
        ModuleContext context = new ModuleContext(vertx, config, redis, tickets, contacts, citizens, intake,
                categories, grid, attachments, new BearerTokenAuth(ADMIN_TOKEN), new ErrorResponder(messages),
                messages, clock, "test-node");
        return new CoreServices(vertx, redis, context, dataDir);
    }

    public static CoreServices start(String redisUrl) throws Exception {
        return start(redisUrl, "", Map.of(), Clock.systemUTC());
    }

    public ModuleContext context() {
        return context;
    }

    public Vertx vertx() {
        return vertx;
    }

    public RedisConnector redis() {
        return redis;
    }

    /** Removes every key, so a test class can run several scenarios on one Redis. */
    public void flushAll() throws Exception {
        redis.async().flushall().get();
    }

    @Override
    public void close() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        TempDirs.deleteRecursively(dataDir);
    }
}
