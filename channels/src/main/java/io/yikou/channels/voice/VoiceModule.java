package io.yikou.channels.voice;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.yikou.channels.voice.actions.CallControl;
import io.yikou.channels.voice.agi.AgiServer;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiConnection;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.desk.VoiceDesk;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.ivr.FlowAgiScript;
import io.yikou.channels.voice.ivr.IvrRunner;
import io.yikou.channels.voice.ivr.IvrRunners;
import io.yikou.channels.voice.lease.AmiLease;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.channels.voice.live.LivePublisher;
import io.yikou.channels.voice.live.LiveSynchronizer;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice channel on one node.
 *
 * <ul>
 *   <li>The <b>event session</b> reads AMI events into the live model and the contacts; it runs only
 *       on the node holding the AMI lease, so each call becomes exactly one contact.</li>
 *   <li>The <b>action session</b> ({@code Events: off}) carries staff actions; every node keeps one,
 *       so any node behind the load balancer can serve the staff API.</li>
 *   <li>The <b>FastAGI server</b> runs IVR flows on every node.</li>
 * </ul>
 */
public final class VoiceModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceModule.class);

    private final ModuleContext context;
    private final VoiceOptions options;
    private final LiveModel model;
    private final LiveSynchronizer synchronizer;
    private final AmiClient events;
    private final AmiClient actions;
    private final AmiLease lease;
    private final VoiceContacts contacts;
    private final LivePublisher publisher;
    private final AgiServer agi;
    private final VoiceApi api;
    private final FlowAgiScript flows;
    private final boolean loadFlows;
    private final VoiceDesk desk;

    /** Creates the module with the 96010 flows loaded from {@code voice.ivr.*} when it starts. */
    public VoiceModule(ModuleContext context, VoiceOptions options) {
        this(context, options, IvrRunner.none(), true);
    }

    /** Creates the module with a given flow runner, for tests. */
    public VoiceModule(ModuleContext context, VoiceOptions options, IvrRunner runner) {
        this(context, options, runner, false);
    }

    private VoiceModule(ModuleContext context, VoiceOptions options, IvrRunner runner, boolean loadFlows) {
        this.context = context;
        this.options = options;
        SecureRandom random = new SecureRandom();
        this.model = new LiveModel(options.inboundContexts(), context.clock());
        this.synchronizer = new LiveSynchronizer(model);
        this.events = new AmiClient(context.vertx(), options.ami(), synchronizer, random, context.clock());
        this.actions = new AmiClient(context.vertx(), options.ami().toBuilder().eventMask("off").build(),
                new AmiClient.Session() {
                    @Override
                    public Future<Void> synchronize(AmiConnection connection) {
                        return Future.succeededFuture();
                    }

                    @Override
                    public void onEvent(AmiMessage event) {
                    }
                }, random, context.clock());
        this.contacts = new VoiceContacts(context.contacts(), context.citizens(), options.asteriskId(), context.clock());
        this.publisher = new LivePublisher(context.vertx(), context.redis(), model, context.clock(), 250, 60);
        model.addListener(contacts);
        model.addListener(publisher);
        this.lease = new AmiLease(context.vertx(), context.redis(), options.asteriskId(), context.nodeId(),
                options.leaseTtl(), new AmiLease.Listener() {
                    @Override
                    public void onAcquired() {
                        publisher.enabled(true);
                        events.start();
                    }

                    @Override
                    public void onLost() {
                        publisher.enabled(false);
                        events.stop();
                    }
                });
        this.loadFlows = loadFlows;
        this.flows = new FlowAgiScript(runner, contacts);
        this.agi = new AgiServer(context.vertx(), options.agi(), flows::forFlow);
        CallControl calls = new CallControl(actions, options.calls());
        this.api = new VoiceApi(context, model, lease, events, calls, contacts, synchronizer);
        this.desk = new VoiceDesk(context, model, lease, calls, contacts);
        model.addListener(desk);
    }

    @Override
    public String name() {
        return "voice";
    }

    @Override
    public void mount(Router router) {
        api.mount(router);
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/channels/voice/openapi-voice.yaml";
    }

    @Override
    public Future<Void> start() {
        LOG.info("Starting voice channel for Asterisk {} at {}", options.asteriskId(), options.ami().endpoint());
        Future<Void> flowsLoaded = !loadFlows || !options.agiEnabled() ? Future.succeededFuture()
                : context.vertx().executeBlocking(() -> IvrRunners.load(options.ivr(), context, contacts), false)
                        .onSuccess(flows::runner)
                        .recover(error -> {
                            // The dialplan falls back to the queue while no flow runs; Yikou keeps serving.
                            LOG.error("Could not load the IVR flows; FastAGI sessions get no flow: {}",
                                    error.getMessage());
                            return Future.succeededFuture();
                        })
                        .mapEmpty();
        Future<Void> agiStarted = flowsLoaded.compose(v -> options.agiEnabled() ? agi.start().mapEmpty()
                : Future.succeededFuture());
        return agiStarted.compose(v -> actions.start()).onSuccess(v -> {
            desk.start();
            lease.start();
        });
    }

    @Override
    public Future<Void> stop() {
        desk.stop();
        return lease.stop()
                .recover(error -> Future.succeededFuture())
                .compose(v -> events.stop())
                .compose(v -> actions.stop())
                .compose(v -> options.agiEnabled() ? agi.stop() : Future.succeededFuture());
    }

    @Override
    public Future<JsonObject> health() {
        return Future.succeededFuture(new JsonObject()
                .put("status", actions.isConnected() ? "ok" : "degraded")
                .put("ami", new JsonObject()
                        .put("actionSession", actions.state().name().toLowerCase(java.util.Locale.ROOT))
                        .put("eventSession", events.state().name().toLowerCase(java.util.Locale.ROOT))
                        .put("leaseHeld", lease.isHeld()))
                .put("agi", options.agiEnabled() ? new JsonObject(agi.stats()) : null));
    }

    public LiveModel model() {
        return model;
    }

    public AgiServer agiServer() {
        return agi;
    }
}
