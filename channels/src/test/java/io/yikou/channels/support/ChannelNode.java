package io.yikou.channels.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.yikou.core.attachment.impl.FileAttachmentStore;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.citizen.impl.RedisCitizenRegistry;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.config.YikouConfig;
import io.yikou.core.contact.impl.RedisContactStore;
import io.yikou.core.grid.impl.JtsGridLocator;
import io.yikou.core.http.BearerTokenAuth;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.LookupTokens;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.impl.RedisTicketStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node for channel integration tests: real Redis, the core services, the given module
 * providers mounted on a real Vert.x HTTP server on a free port. The same wiring as the server's,
 * without the server module (which depends on this one).
 */
public final class ChannelNode implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Vertx vertx;
    private final RedisConnector redis;
    private final HttpServer http;
    private final List<Module> modules;
    private final ModuleContext context;
    private final Path dataDir;

    private ChannelNode(Vertx vertx, RedisConnector redis, HttpServer http, List<Module> modules,
                        ModuleContext context, Path dataDir) {
        this.vertx = vertx;
        this.redis = redis;
        this.http = http;
        this.modules = modules;
        this.context = context;
        this.dataDir = dataDir;
    }

    /** Starts a node with the configuration {@code yaml} (core sections and the modules' sections). */
    public static ChannelNode start(String redisUrl, String yaml, String nodeId, ModuleProvider... providers)
            throws Exception {
        Path dataDir = Files.createTempDirectory("yikou-channel-test");
        List<EnvOverride> overrides = new ArrayList<>(YikouConfig.envOverrides());
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", Map.of(),
                overrides));
        YikouConfig config = YikouConfig.read(reader);
        for (ModuleProvider provider : providers) {
            provider.readOptions(reader);
        }
        reader.finish();

        Vertx vertx = Vertx.vertx();
        RedisConnector redis = RedisConnector.connect(vertx, redisUrl, Duration.ofSeconds(5));
        LookupTokens tokens = await(LookupTokens.load(redis));
        CategoryTree categories = CategoryTree.bundled();
        JtsGridLocator grid = JtsGridLocator.load(config.grid().sources());
        Clock clock = Clock.systemUTC();
        var tickets = new RedisTicketStore(redis, config.intake().numberPrefix(), config.intake().zone(),
                config.intake().idempotencyTtl(), config.intake().streamMaxLength());
        var contacts = new RedisContactStore(redis, config.intake().zone(), config.intake().idempotencyTtl(),
                config.intake().streamMaxLength());
        var citizens = new RedisCitizenRegistry(redis, clock);
        var intake = new IntakeService(tickets, categories, grid, tokens, config.intake(), clock);
        Messages messages = Messages.core();
        ModuleContext context = new ModuleContext(vertx, config, redis, tickets, contacts, citizens, intake, categories,
                grid, new FileAttachmentStore(vertx, dataDir.resolve("attachments")), new BearerTokenAuth(ADMIN_TOKEN),
                new ErrorResponder(messages), messages, clock, nodeId);

        List<Module> modules = new ArrayList<>();
        for (ModuleProvider provider : providers) {
            Module module = provider.create(context);
            if (module != null) {
                modules.add(module);
            }
        }
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(dataDir.resolve("uploads").toString())
                .setBodyLimit(config.http().maxBodyBytes()));
        for (Module module : modules) {
            module.mount(router);
        }
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(context.errors());
        for (Module module : modules) {
            await(module.start());
        }
        HttpServer http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return new ChannelNode(vertx, redis, http, modules, context, dataDir);
    }

    public int port() {
        return http.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public Vertx vertx() {
        return vertx;
    }

    public RedisConnector redis() {
        return redis;
    }

    public ModuleContext context() {
        return context;
    }

    @SuppressWarnings("unchecked")
    public <T extends Module> T module(Class<T> type) {
        return (T) modules.stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    /** Waits for a future from a test thread. */
    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (int i = modules.size() - 1; i >= 0; i--) {
            modules.get(i).stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        io.yikou.testkit.TempDirs.deleteRecursively(dataDir);
    }
}
