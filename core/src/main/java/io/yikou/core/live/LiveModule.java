package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import java.time.Duration;

/** Serves {@code /api/v1/live}: the node's WebSocket push hub. */
public final class LiveModule implements Module {

    private final LiveHub hub;
    private final ScreenPopRoute screenPops;

    public LiveModule(ModuleContext context, LiveOptions options) {
        AcdClient acd = new AcdClient(context.vertx(), Duration.ofSeconds(2));
        LiveSnapshots snapshots = new AcdSnapshots(acd, AcdSnapshots.acdOnly(acd, context.clock()), context.clock());
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
    }

    @Override
    public Future<Void> start() {
        return hub.start();
    }

    @Override
    public Future<Void> stop() {
        return hub.stop();
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(hub.health());
    }

    public LiveHub hub() {
        return hub;
    }
}
