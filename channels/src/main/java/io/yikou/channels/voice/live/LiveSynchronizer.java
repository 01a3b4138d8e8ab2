package io.yikou.channels.voice.live;

import io.vertx.core.Future;
import io.yikou.channels.voice.ami.AmiAction;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiConnection;
import io.yikou.channels.voice.ami.AmiException;
import io.yikou.channels.voice.ami.AmiMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the live model from the event session: every AMI event is applied in order, and after each
 * (re)login the model is rebuilt from {@code CoreStatus}, {@code QueueStatus} and
 * {@code CoreShowChannels}, so calls and queue members match Asterisk again without phantoms.
 *
 * <p>{@code CoreStatus} tells whether Asterisk restarted since the previous session (its start time
 * changed): calls that vanished across a restart were cut off, not finished.
 */
public final class LiveSynchronizer implements AmiClient.Session {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSynchronizer.class);

    private final LiveModel model;
    private String asteriskStartedAt;
    private volatile boolean connected;

    public LiveSynchronizer(LiveModel model) {
        this.model = model;
    }

    @Override
    public Future<Void> synchronize(AmiConnection connection) {
        Future<String> startedAt = connection.send(AmiAction.named("CoreStatus").build())
                .map(status -> status.get("CoreStartupDate", "") + " " + status.get("CoreStartupTime", ""))
                .recover(error -> {
                    if (error instanceof AmiException.ActionRejected) {
                        LOG.warn("[{}] CoreStatus rejected ({}); restarts cannot be told from reconnects",
                                connection.id(), error.getMessage());
                        return Future.succeededFuture((String) null);
                    }
                    return Future.failedFuture(error);
                });
        return startedAt.compose(started -> connection.sendForList(AmiAction.named("QueueStatus").build())
                .compose(queues -> connection.sendForList(AmiAction.named("CoreShowChannels").build())
                        .map(channels -> {
                            boolean restarted = started != null && asteriskStartedAt != null
                                    && !asteriskStartedAt.equals(started);
                            if (started != null) {
                                asteriskStartedAt = started;
                            }
                            apply(queues, channels, restarted);
                            connected = true;
                            return null;
                        })));
    }

    private void apply(List<AmiMessage> queues, List<AmiMessage> channels, boolean restarted) {
        model.synchronize(queues, channels, restarted);
        LOG.info("Live model resynchronised: {} queue events, {} channels{}", queues.size(), channels.size(),
                restarted ? "; Asterisk restarted since the previous session" : "");
    }

    @Override
    public void onEvent(AmiMessage event) {
        model.apply(event);
    }

    @Override
    public void onDisconnected() {
        connected = false;
    }

    /** Tells whether the model currently follows a live AMI session. */
    public boolean isConnected() {
        return connected;
    }
}
