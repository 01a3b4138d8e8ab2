package io.yikou.kb.history;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.citizen.Identity;
import io.yikou.core.intake.PhoneNumbers;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.ticket.Ticket;
import io.yikou.kb.analysis.KbAnalyzers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticket history search: feeds {@link TicketIndex} from the ticket stream and runs agents' and
 * supervisors' queries on it.
 *
 * <p>The feed is a consumer group on {@code {yk}:stream} named {@code kb-history-<node id>}: each
 * node keeps its own Lucene index, so each node needs every entry, while the group still keeps
 * entries pending until they are indexed, so a crash resumes where it stopped. A new group starts
 * from the beginning of the stream, indexing the history it still holds. Entries whose type starts
 * with {@code ticket.} are indexed by re-reading the ticket from the {@code TicketStore}.
 */
public final class TicketHistory {

    private static final Logger LOG = LoggerFactory.getLogger(TicketHistory.class);
    private static final long BLOCK_MILLIS = 5_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ModuleContext context;
    private final TicketIndex index;
    private final WorkerExecutor workers;
    private final String group;
    private StatefulRedisConnection<String, String> connection;
    private volatile boolean running;
    private boolean pendingDone;
    private long failures;
    private volatile long indexed;

    public TicketHistory(ModuleContext context, Path directory, KbAnalyzers analyzers, WorkerExecutor workers,
                         ZoneId zone) {
        this.context = context;
        this.index = new TicketIndex(directory, analyzers, zone);
        this.workers = workers;
        this.group = "kb-history-" + context.nodeId();
    }

    public TicketIndex index() {
        return index;
    }

    /** Opens the index, creates the consumer group if needed and starts consuming. */
    public Future<Void> start() {
        return workers.executeBlocking(() -> {
            index.open();
            return null;
        }, false).compose(v -> context.redis().call(c -> c.xgroupCreate(
                        XReadArgs.StreamOffset.from(RedisKeys.stream(), "0"), group, XGroupCreateArgs.Builder.mkstream()))
                .map(ok -> {
                    LOG.info("Created consumer group {} on {}", group, RedisKeys.stream());
                    return (Void) null;
                })
                .recover(error -> String.valueOf(error.getMessage()).startsWith("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(error)))
                .onSuccess(v -> {
                    connection = context.redis().dedicated("kb-history");
                    running = true;
                    readNext();
                });
    }

    public Future<Void> stop() {
        running = false;
        if (connection != null) {
            connection.close();
        }
        return workers.executeBlocking(() -> {
            index.close();
            return null;
        }, false);
    }

    /** Number of ticket entries this node has indexed since it started. */
    public long indexedSinceStart() {
        return indexed;
    }

    /** Searches on the worker pool. */
    public Future<TicketIndex.Page> search(TicketIndex.Query query) {
        return workers.executeBlocking(() -> index.search(query), false);
    }

    /** Counts by category, street and day on the worker pool. */
    public Future<TicketIndex.Facets> facets(TicketIndex.Query query) {
        return workers.executeBlocking(() -> index.facets(query), false);
    }

    public Future<JsonObject> health() {
        return workers.executeBlocking(() -> new JsonObject().put("status", running ? "ok" : "stopped")
                .put("group", group).put("tickets", index.count()), false);
    }


    private void readNext() {
        if (!running) {
            return;
        }
        // Pending entries (delivered before a crash, never acknowledged) come first, then new ones.
        XReadArgs.StreamOffset<String> offset = XReadArgs.StreamOffset.from(RedisKeys.stream(), pendingDone ? ">" : "0");
        XReadArgs args = XReadArgs.Builder.count(100);
        if (pendingDone) {
            args.block(BLOCK_MILLIS);
        }
        Future.fromCompletionStage(connection.async().xreadgroup(Consumer.from(group, context.nodeId()), args, offset),
                        context.vertx().getOrCreateContext())
                .compose(messages -> {
                    if (!pendingDone && messages.isEmpty()) {
                        pendingDone = true;
                    }
                    return apply(messages);
                })
                .onSuccess(v -> {
                    failures = 0;
                    readNext();
                })
                .onFailure(error -> {
                    if (!running) {
                        return;
                    }
                    failures++;
                    long delay = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(failures, 10));
                    if (failures == 1 || failures % 10 == 0) {
                        LOG.warn("Ticket history consumer {} failed ({} in a row); retrying in {} ms: {}", group,
                                failures, delay, error.toString());
                    }
                    context.vertx().setTimer(delay, id -> readNext());
                });
    }

    private Future<Void> apply(List<StreamMessage<String, String>> messages) {
        Future<Void> chain = Future.succeededFuture();
        for (StreamMessage<String, String> message : messages) {
            String type = message.getBody().getOrDefault("type", "");
            String number = message.getBody().get("ticket");
            chain = chain.compose(v -> {
                Future<Void> step = type.startsWith("ticket.") && number != null ? indexTicket(number)
                        : Future.succeededFuture();
                return step.compose(ok -> context.redis().call(c -> c.xack(RedisKeys.stream(), group, message.getId())))
                        .mapEmpty();
            });
        }
        return chain;
    }

    private Future<Void> indexTicket(String number) {
        return context.tickets().find(number).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            Ticket ticket = found.get();
            Future<Optional<Citizen>> citizen = ticket.citizenId() == null ? Future.succeededFuture(Optional.empty())
                    : context.citizens().find(ticket.citizenId());
            return citizen.compose(c -> workers.executeBlocking(() -> {
                List<String> identities = c.map(Citizen::identities).orElse(List.of()).stream()
                        .map(Identity::value).toList();
                index.upsert(ticket, identities);
                indexed++;
                return null;
            }, false));
        });
    }
}
