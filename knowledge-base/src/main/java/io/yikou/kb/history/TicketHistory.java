package io.yikou.kb.history;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.yikou.core.citizen.Citizen;
import io.yikou.core.citizen.Identity;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.stream.StreamConsumer;
import io.yikou.core.stream.StreamEntry;
import io.yikou.core.stream.StreamHandler;
import io.yikou.core.ticket.Ticket;
import io.yikou.kb.analysis.KbAnalyzers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticket history search: feeds {@link TicketIndex} from the ticket stream and runs agents' and
 * supervisors' queries on it.
 *
 * <p>The feed is core's {@link StreamConsumer} in the group {@code kb-history-<node id>}. Each node
 * keeps its own Lucene index, so each node needs every entry, while the group still keeps entries
 * pending until they are indexed, so a crash resumes where it stopped. A new group starts from the
 * beginning of the stream, indexing the history it still holds; a node whose id changes at every
 * start (the default host-and-pid id) therefore re-reads the stream each time, so production nodes
 * set {@code node-id}. Entries whose type starts with {@code ticket.} are indexed by re-reading the
 * ticket from the {@code TicketStore}, which makes repeats harmless. An entry is acknowledged only
 * after the commit that contains its ticket, and tickets indexed at the same time share one commit. An entry
 * that cannot change the ticket's indexed document (same status as indexed, or an older version)
 * is acknowledged without a read.
 */
public final class TicketHistory implements StreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TicketHistory.class);
    private static final Duration CLAIM_IDLE = Duration.ofSeconds(60);
    private static final int MAX_DELIVERIES = 10;
    /** Tickets indexed at once; they share commits (see {@link GroupCommit}), so more in flight means fewer syncs. */
    private static final int CONCURRENCY = 256;
    private static final int REMEMBERED = 20_000;

    private final ModuleContext context;
    private final TicketIndex index;
    private final WorkerExecutor workers;
    private final String group;
    private final GroupCommit commits;
    /**
     * Version and status last indexed per ticket, dropping the least recently used. Touched only on the consumer's context.
     * Of what the index holds, only the status can change after a ticket is created, so an entry whose
     * status is the one indexed, or whose version is older, has nothing to add.
     */
    private final Map<String, Indexed> indexed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Indexed> eldest) {
            return size() > REMEMBERED;
        }
    };
    private StreamConsumer consumer;

    private record Indexed(long version, String status) {
    }

    public TicketHistory(ModuleContext context, Path directory, KbAnalyzers analyzers, WorkerExecutor workers,
                         ZoneId zone) {
        this.context = context;
        this.index = new TicketIndex(directory, analyzers, zone);
        this.workers = workers;
        this.group = "kb-history-" + context.nodeId();
        this.commits = new GroupCommit(workers, index::commit);
    }

    public TicketIndex index() {
        return index;
    }

    /** Opens the index and starts consuming. */
    public Future<Void> start() {
        return workers.executeBlocking(() -> {
            index.open();
            return null;
        }, false).compose(v -> {
            consumer = new StreamConsumer(context.redis(), new StreamConsumer.Options(group, context.nodeId(), CONCURRENCY,
                    CLAIM_IDLE, MAX_DELIVERIES, false), this, context.config().redis().commandTimeout());
            return consumer.start();
        });
    }

    public Future<Void> stop() {
        Future<Void> stopped = consumer == null ? Future.succeededFuture() : consumer.stop(Duration.ofSeconds(10));
        return stopped.compose(v -> workers.executeBlocking(() -> {
            index.close();
            return null;
        }, false));
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
        return workers.executeBlocking(() -> new JsonObject().put("status", consumer != null ? "ok" : "stopped")
                .put("group", group).put("tickets", index.count()), false);
    }

    @Override
    public boolean wants(StreamEntry entry) {
        return entry.type().startsWith("ticket.") && entry.ticket() != null;
    }

    @Override
    public Future<Void> handle(StreamEntry entry) {
        if (!wants(entry) || upToDate(entry)) {
            return Future.succeededFuture();
        }
        return indexTicket(entry.ticket()).onFailure(error -> LOG.warn(
                "Indexing ticket {} for history search failed (delivery {}); it stays pending: {}", entry.ticket(),
                entry.deliveries(), error.toString()));
    }

    @Override
    public Future<Void> giveUp(StreamEntry entry) {
        LOG.error("Gave up indexing ticket {} for history search after {} deliveries (entry {})", entry.ticket(),
                entry.deliveries(), entry.id());
        return Future.succeededFuture();
    }

    private boolean upToDate(StreamEntry entry) {
        Indexed last = indexed.get(entry.ticket());
        if (last == null) {
            return false;
        }
        long version;
        try {
            version = Long.parseLong(entry.fields().getOrDefault("version", "-1"));
        } catch (NumberFormatException e) {
            return false;
        }
        return version <= last.version() || last.status().equals(entry.fields().get("status"));
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
                index.stage(ticket, identities);
                return null;
            }, false)).compose(staged -> commits.afterNextCommit())
                    .onSuccess(committed -> indexed.put(number, new Indexed(ticket.version(), ticket.status().code())));
        });
    }
}
