package io.yikou.core.conversation.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.core.conversation.ConversationOptions;
import io.yikou.core.conversation.ConversationService;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.module.Module;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversations module: the staff API and the sweep that closes idle conversations. Every node
 * sweeps; the close script checks activity and version, so two nodes never close one twice.
 */
public final class ConversationModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationModule.class);
    private static final int SWEEP_BATCH = 200;

    private final Vertx vertx;
    private final ConversationService service;
    private final ConversationOptions options;
    private final StaffAuth auth;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final TicketStatusNotices notices;
    private long timer = -1;

    public ConversationModule(Vertx vertx, ConversationService service, ConversationOptions options, StaffAuth auth,
                              AuditLog audit, Clock clock, TicketStatusNotices notices) {
        this.notices = notices;
        this.vertx = vertx;
        this.service = service;
        this.options = options;
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "conversations";
    }

    @Override
    public void mount(Router router) {
        new ConversationApi(service, auth, audit, clock).mount(router);
    }

    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> sweep());
        LOG.info("Conversations close after {} idle; sweeping every {}", options.idleTimeout(), options.sweepInterval());
        return notices == null ? Future.succeededFuture() : notices.start();
    }

    /** Closes idle conversations once; completes with how many it closed. */
    public Future<Integer> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return service.store().closeIdle(clock.instant().minus(options.idleTimeout()), SWEEP_BATCH)
                .onFailure(error -> LOG.warn("Idle conversation sweep failed: {}", error.toString()))
                .onComplete(done -> sweeping.set(false));
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return notices == null ? Future.succeededFuture() : notices.stop();
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/core/conversation/openapi.json";
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject().put("status", "ok")
                .put("idleTimeout", options.idleTimeout().toString()));
    }
}
