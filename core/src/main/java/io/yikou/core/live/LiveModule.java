package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.wallboard.Wallboard;
import io.yikou.core.wallboard.WallboardRoutes;
import java.time.Duration;

/** Serves {@code /api/v1/live} (the node's WebSocket push hub), the screen pops and the wallboard. */
public final class LiveModule implements Module {

    private final LiveHub hub;
    private final ScreenPopRoute screenPops;
    private final Wallboard wallboard;
    private final WallboardRoutes wallboardRoutes;

    public LiveModule(ModuleContext context, LiveOptions options) {
        AcdClient acd = new AcdClient(context.vertx(), Duration.ofSeconds(2));
        this.wallboard = new Wallboard(context.vertx(), context.redis(), acd, options, context.clock(), context.nodeId());
        this.wallboardRoutes = new WallboardRoutes(wallboard, context.staffAuth(), context.clock());
        LiveSnapshots snapshots = new AcdSnapshots(acd, wallboard, context.clock());
        this.hub = new LiveHub(context.vertx(), context.redis(), context.staffAuth(), options, snapshots);
        this.screenPops = new ScreenPopRoute(new ScreenPops(context.redis()), context.staffAuth(), context.audit(),
                options.phoneNumberRoles(), context.clock());
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public void mount(Router router) {
        router.get(LiveHub.PATH).handler(hub::handshake);
        screenPops.mount(router);
        wallboardRoutes.mount(router);
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/live/openapi-live.yaml";
    }

    @Override
    public Future<Void> start() {
        return hub.start().onSuccess(v -> wallboard.start());
    }

    @Override
    public Future<Void> stop() {
        wallboard.stop();
        return hub.stop();
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(hub.health());
    }

    public LiveHub hub() {
        return hub;
    }

    public Wallboard wallboard() {
        return wallboard;
    }
}
