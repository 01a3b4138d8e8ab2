package io.yikou.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Route;
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
import io.yikou.core.health.HealthCheck;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.StrictHttpFraming;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.LookupTokens;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.module.ModuleProvider;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisServerProcess;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.ticket.impl.RedisTicketStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Yikou node: reads the configuration, starts or connects to Redis, builds the core services,
 * starts every module found on the classpath and serves HTTP.
 *
 * <p>Stopping reverses the order: the HTTP listener stops taking requests and drains those in
 * flight, modules stop (consumers finish their current entry), then Redis connections close and a
 * private {@code redis-server} shuts down, which flushes its AOF.
 */
public final class YikouServer {

    private static final Logger LOG = LoggerFactory.getLogger(YikouServer.class);
    /** Longer than the 60 s the exit hook in {@code Main} gives an orderly stop. */
    private static final Duration EXIT_REDIS_GRACE = Duration.ofSeconds(70);

    private final YikouConfig config;
    private final List<ModuleProvider> providers;
    private final Clock clock;

    private Vertx vertx;
    private RedisServerProcess embeddedRedis;
    private RedisConnector redis;
    private final List<String> deployments = new ArrayList<>();
    private int httpPort;
    private final List<Module> started = new ArrayList<>();
    private String adminToken;
    private Router router;

    private YikouServer(YikouConfig config, List<ModuleProvider> providers, Clock clock) {
        this.config = config;
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * Reads and validates the configuration from the environment and the YAML file it names.
     *
     * @throws io.yikou.core.config.ConfigException listing every invalid or unknown key
     */
    public static YikouServer configure(Map<String, String> env) {
        List<ModuleProvider> found = new ArrayList<>();
        ServiceLoader.load(ModuleProvider.class).forEach(found::add);
        found.sort(Comparator.comparingInt(ModuleProvider::order));

        List<EnvOverride> overrides = new ArrayList<>(YikouConfig.envOverrides());
        found.forEach(p -> overrides.addAll(p.envOverrides()));
        ConfigReader reader = new ConfigReader(ConfigSource.load(env, overrides));
        YikouConfig config = YikouConfig.read(reader);
        for (ModuleProvider provider : found) {
            provider.readOptions(reader);
        }
        reader.finish();
        return new YikouServer(config, List.copyOf(found), Clock.systemUTC());
    }

    public YikouConfig config() {
        return config;
    }

    /** Starts everything; the future fails if any part does not come up, after undoing what started. */
    public Future<Void> start() {
        vertx = Vertx.vertx();
        return vertx.executeBlocking(this::startRedis, false)
                .compose(url -> vertx.executeBlocking(
                        () -> RedisConnector.connect(vertx, url, config.redis().commandTimeout()), false))
                .compose(connector -> {
                    redis = connector;
                    return LookupTokens.load(redis);
                })
                .compose(tokens -> vertx.executeBlocking(() -> buildContext(tokens), false))
                .compose(this::startModulesAndHttp)
                .onSuccess(v -> LOG.info("Yikou node {} listening on http://{}:{} with {} event loops", config.nodeId(),
                        config.http().host(), httpPort, config.http().instances()))
                .recover(error -> {
                    LOG.error("Start-up failed: {}", error.getMessage(), error);
                    return stop().transform(ignored -> Future.failedFuture(error));
                });
    }

    private String startRedis() throws IOException {
        if (config.redis().url().isPresent()) {
            return config.redis().url().get().toString();
        }
        Path dir = config.dataDir().resolve("redis");
        // The server's exit hook stops intake and consumers before Redis, so the process's own hook waits.
        embeddedRedis = new RedisServerProcess(dir, config.redis().embeddedPort())
                .closedByOwnerOnExit(EXIT_REDIS_GRACE).start();
        return embeddedRedis.url();
    }

    private ModuleContext buildContext(LookupTokens tokens) throws IOException {
        CategoryTree categories = config.categoriesFile().map(CategoryTree::load).orElseGet(CategoryTree::bundled);
        JtsGridLocator grid = JtsGridLocator.load(config.grid().sources());
        var tickets = new RedisTicketStore(redis, config.intake().numberPrefix(), config.intake().zone(),
                config.intake().idempotencyTtl(), config.intake().streamMaxLength());
        var contacts = new RedisContactStore(redis, config.intake().zone(), config.intake().idempotencyTtl(),
                config.intake().streamMaxLength());
        var citizens = new RedisCitizenRegistry(redis, clock);
        var intake = new IntakeService(tickets, categories, grid, tokens, config.intake(), clock);
        var attachments = new FileAttachmentStore(vertx, config.dataDir().resolve("attachments"));
        adminToken = AdminToken.resolve(config.security().adminToken(), config.dataDir());
        Messages messages = Messages.core();
        // Staff authenticate with the service token or a session cookie; the staff and desk modules
        // find the session services through this object.
        SessionStaffAuth staffAuth = SessionStaffAuth.create(vertx, redis, config.security().staff(), clock,
                adminToken);
        return new ModuleContext(vertx, config, redis, tickets, contacts, citizens, intake, categories, grid,
                attachments, staffAuth, new ErrorResponder(messages), messages, clock, config.nodeId());
    }

    private Future<Void> startModulesAndHttp(ModuleContext context) {
        List<Module> modules = new ArrayList<>();
        for (ModuleProvider provider : providers) {
            Module module = provider.create(context);
            if (module != null) {
                modules.add(module);
            }
        }
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.response().putHeader("Referrer-Policy", "same-origin");
            ctx.next();
        });
        router.route().handler(BodyHandler.create(config.dataDir().resolve("uploads").toString())
                .setBodyLimit(config.http().maxBodyBytes())
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false));
        long maxJsonBodyBytes = config.http().maxJsonBodyBytes();
        router.route().handler(ctx -> {
            // http.max-json-body-bytes bounds every JSON body, not only the web form's. Without this
            // check the staff and channel APIs would parse JSON up to http.max-body-bytes.
            String type = ctx.request().getHeader("Content-Type");
            boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
            if (json && ctx.body() != null && ctx.body().length() > maxJsonBodyBytes) {
                ctx.fail(413);
                return;
            }
            ctx.next();
        });
        HealthCheck health = new HealthCheck(redis, modules, config.nodeId());
        router.get("/health").handler(ctx -> health.report().onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            boolean ok = "ok".equals(result.result().getString("status"));
            ctx.response().setStatusCode(ok ? 200 : 503)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(result.result().encodePrettily());
        }));
        ObjectNode openApi = OpenApiDocument.build(modules);
        String openApiJson = openApi.toPrettyString();
        String openApiYaml = OpenApiDocument.toYaml(openApi);
        router.get("/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").end(openApiJson));
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApiYaml));
        for (Module module : modules) {
            module.mount(router);
        }
        this.router = router;
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(context.errors());

        Future<Void> chain = Future.succeededFuture();
        for (Module module : modules) {
            chain = chain.compose(v -> module.start().onSuccess(ok -> {
                started.add(module);
                LOG.info("Started module {}", module.name());
            }));
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.http().host())
                .setPort(config.http().port())
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, config.http().maxBodyBytes()))
                .setDecompressionSupported(false)
                .setHttp2ClearTextEnabled(false);
        int instances = config.http().instances();
        int port;
        try {
            // Vert.x shares one port between listeners only when they ask for the same number, so
            // "any free port" is resolved here once for all of them.
            port = config.http().port() != 0 ? config.http().port() : freePort();
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        httpPort = port;
        HttpServerOptions shared = new HttpServerOptions(options).setPort(port);
        return chain.compose(v -> vertx.deployVerticle(() -> new HttpVerticle(router, shared),
                        new DeploymentOptions().setInstances(instances)))
                .map(id -> {
                    deployments.add(id);
                    return null;
                });
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Returns the port HTTP listens on, once started. */
    public int httpPort() {
        return httpPort;
    }

    /** Returns the paths of every mounted route, once started, so tests can check the API document. */
    public List<String> routePaths() {
        List<String> paths = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null) {
                paths.add(route.getPath());
            }
        }
        return paths;
    }

    /** Returns the service-account token, once started. */
    public String adminToken() {
        return adminToken;
    }

    /** Returns the Redis URL in use, once started. */
    public String redisUrl() {
        return embeddedRedis != null ? embeddedRedis.url() : config.redis().url().map(Object::toString).orElse(null);
    }

    /** Stops everything that started; safe to call more than once. */
    public synchronized Future<Void> stop() {
        if (vertx == null) {
            return Future.succeededFuture();
        }
        Vertx current = vertx;
        vertx = null;
        // Undeploying a listener shuts its server down, which stops accepting and drains requests in flight.
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(current.undeploy(id));
        }
        deployments.clear();
        Future<Void> httpStopped = Future.join(undeployed).<Void>mapEmpty()
                .onSuccess(v -> LOG.info("HTTP listener stopped"));
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        httpStopped
                .recover(error -> Future.succeededFuture())
                .compose(v -> stopModules(new ArrayList<>(started)))
                .compose(v -> current.executeBlocking(() -> {
                    if (redis != null) {
                        redis.close();
                    }
                    if (embeddedRedis != null) {
                        embeddedRedis.close();
                    }
                    return null;
                }, false))
                .onComplete(result -> {
                    if (result.failed()) {
                        LOG.warn("Shutdown step failed: {}", result.cause().toString());
                    }
                    LOG.info("Yikou node {} stopped", config.nodeId());
                    // Closing Vert.x ends the event loops this callback runs on, so nothing may wait on it here.
                    current.close();
                    done.complete(null);
                });
        return Future.fromCompletionStage(done);
    }

    private Future<Void> stopModules(List<Module> modules) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = modules.size() - 1; i >= 0; i--) {
            Module module = modules.get(i);
            chain = chain.compose(v -> module.stop()
                    .onSuccess(ok -> LOG.info("Stopped module {}", module.name()))
                    .recover(error -> {
                        LOG.warn("Module {} did not stop cleanly: {}", module.name(), error.toString());
                        return Future.succeededFuture();
                    }));
        }
        started.clear();
        return chain;
    }

    /** Blocks until {@link #stop()} completes, for shutdown hooks. */
    public void stopAndWait(Duration timeout) {
        Promise<Void> done = Promise.promise();
        stop().onComplete(done);
        try {
            done.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Shutdown did not finish within {}: {}", timeout, e.toString());
        }
    }
}
