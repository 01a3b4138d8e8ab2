package io.yikou.kb;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.module.ModuleContext;
import io.yikou.testkit.CoreServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Yikou node with only the knowledge-base module, on a real Redis and a real HTTP port, wired
 * as the server wires it. For integration tests.
 */
public final class KbNode implements AutoCloseable {

    public static final String TOKEN = "test-admin-token";

    private final CoreServices core;
    private final KbModule module;
    private final HttpServer http;
    private final ModuleContext context;

    private KbNode(CoreServices core, KbModule module, HttpServer http, ModuleContext context) {
        this.core = core;
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
        String yaml = "kb:\n" + kbSection.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
        KbModuleProvider provider = new KbModuleProvider();
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", Map.of(),
                List.of()));
        provider.readOptions(reader);
        reader.finish();

        CoreServices core = CoreServices.start(redisUrl, "node-id: " + nodeId + "\n",
                Map.of("YIKOU_DATA_DIR", dataDir.toString()), Clock.systemUTC());
        ModuleContext context = withStaffToken(core.context());
        Vertx vertx = core.vertx();
        KbModule module = (KbModule) provider.create(context);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(20L * 1024 * 1024));
        module.mount(router);
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(context.errors());
        await(module.start());
        HttpServer http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return new KbNode(core, module, http, context);
    }

    /** Returns the context with staff auth accepting {@link #TOKEN} and the configured node id. */
    private static ModuleContext withStaffToken(ModuleContext c) {
        return new ModuleContext(c.vertx(), c.config(), c.redis(), c.tickets(), c.contacts(), c.citizens(), c.intake(),
                c.categories(), c.grid(), c.attachments(), new io.yikou.core.http.BearerTokenAuth(TOKEN), c.errors(),
                c.messages(), c.clock(), c.config().nodeId());
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
        return core.vertx();
    }

    @Override
    public void close() throws Exception {
        await(http.close());
        await(module.stop());
        core.close();
    }

    public static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
