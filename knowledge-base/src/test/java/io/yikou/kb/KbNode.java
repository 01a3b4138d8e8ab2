package io.yikou.kb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Yikou node with only the knowledge-base module, on a real Redis and a real HTTP port, wired
 * as the server wires it. For integration tests.
 */
public final class KbNode implements AutoCloseable {

    public static final String TOKEN = "test-admin-token";

    private final Vertx vertx;
    private final RedisConnector redis;
    private final KbModule module;
    private final HttpServer http;
    private final ModuleContext context;

    private KbNode(Vertx vertx, RedisConnector redis, KbModule module, HttpServer http, ModuleContext context) {
        this.vertx = vertx;
        this.redis = redis;
        this.module = module;
        this.http = http;
        this.context = context;
    }

    /**
     * Starts a node.
     *
     * @param kbSection the {@code kb} configuration section as YAML, such as {@code "demo-content: false"}
     */
    public static KbNode start(String redisUrl, Path dataDir, String nodeId, String kbSection) throws Exception {
        String yaml = "data-dir: " + dataDir + "\nnode-id: " + nodeId + "\nredis:\n  url: " + redisUrl
                + "\nkb:\n" + kbSection.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
        ObjectNode tree = ConfigSource.parseYaml(yaml);
        KbModuleProvider provider = new KbModuleProvider();
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(tree, "test", Map.of(), List.of()));
        YikouConfig config = YikouConfig.read(reader);
        provider.readOptions(reader);
        reader.finish();

        Vertx vertx = Vertx.vertx();
        RedisConnector redis = RedisConnector.connect(vertx, redisUrl, Duration.ofSeconds(5));
        Clock clock = Clock.systemUTC();
        LookupTokens tokens = await(LookupTokens.load(redis));
        var tickets = new RedisTicketStore(redis, config.intake().numberPrefix(), config.intake().zone(),
                config.intake().idempotencyTtl(), config.intake().streamMaxLength());
        var contacts = new RedisContactStore(redis, config.intake().zone(), config.intake().idempotencyTtl(),
                config.intake().streamMaxLength());
        var citizens = new RedisCitizenRegistry(redis, clock);
        CategoryTree categories = CategoryTree.bundled();
        JtsGridLocator grid = JtsGridLocator.load(config.grid().sources());
        var intake = new IntakeService(tickets, citizens, categories, grid, tokens, config.intake(), clock);
        Messages messages = Messages.core();
        ModuleContext context = new ModuleContext(vertx, config, redis, tickets, contacts, citizens, intake, categories,
                grid, new FileAttachmentStore(vertx, dataDir.resolve("attachments")), new BearerTokenAuth(TOKEN),
                new ErrorResponder(messages), messages, clock, nodeId);

        KbModule module = (KbModule) provider.create(context);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(20L * 1024 * 1024));
        module.mount(router);
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(context.errors());
        await(module.start());
        HttpServer http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return new KbNode(vertx, redis, module, http, context);
    }

    public int port() {
        return http.actualPort();
    }

    public KbModule module() {
        return module;
    }

    public KnowledgeBase kb() {
        return module.knowledgeBase();
    }

    public ModuleContext context() {
        return context;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() throws Exception {
        await(http.close());
        await(module.stop());
        redis.close();
        await(vertx.close());
    }

    public static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
