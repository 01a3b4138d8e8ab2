package io.yikou.core.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.push.PushEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots of the agent topics from the ACD ({@code acd.agents}); queue and alert snapshots come
 * from {@code queues}, the wallboard's view. Without an ACD the agent snapshots are empty.
 */
public final class AcdSnapshots implements LiveSnapshots {

    /** The wallboard's queue figures and alerts, as snapshot events. */
    public interface QueueViews {
        Future<List<PushEvent>> queueStats();

        Future<List<PushEvent>> alerts();
    }

    private final AcdClient acd;
    private final QueueViews queues;
    private final Clock clock;

    public AcdSnapshots(AcdClient acd, QueueViews queues, Clock clock) {
        this.acd = acd;
        this.queues = queues;
        this.clock = clock;
    }

    @Override
    public Future<List<PushEvent>> snapshot(LiveTopic topic, StaffPrincipal principal) {
        return switch (topic) {
            case AGENT -> acd.agents().map(agents -> {
                JsonObject own = AgentSnapshots.find(agents, principal.userId());
                return own == null ? List.of()
                        : List.of(new PushEvent(topic.code(), "agent.state", clock.instant(), principal.userId(), own));
            });
            case WALLBOARD_AGENTS -> acd.agents().map(agents -> List.of(new PushEvent(topic.code(), "agents.snapshot",
                    clock.instant(), null, AgentSnapshots.agentsSnapshot(agents))));
            case WALLBOARD_QUEUES -> queues.queueStats();
            case WALLBOARD_ALERTS -> queues.alerts();
            default -> Future.succeededFuture(List.of());
        };
    }

    /** Queue views straight from the ACD, without voice figures or alerts. */
    public static QueueViews acdOnly(AcdClient acd, Clock clock) {
        return new QueueViews() {
            @Override
            public Future<List<PushEvent>> queueStats() {
                return acd.queueStats().map(stats -> {
                    List<PushEvent> events = new ArrayList<>();
                    for (Object item : stats) {
                        if (item instanceof JsonObject queue) {
                            events.add(new PushEvent(LiveTopic.WALLBOARD_QUEUES.code(), "queue.stats", clock.instant(),
                                    null, queue));
                        }
                    }
                    return events;
                });
            }

            @Override
            public Future<List<PushEvent>> alerts() {
                return Future.succeededFuture(List.of(new PushEvent(LiveTopic.WALLBOARD_ALERTS.code(),
                        "alerts.snapshot", clock.instant(), null, new JsonObject().put("alerts", new JsonArray()))));
            }
        };
    }
}
