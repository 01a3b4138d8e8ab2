package io.yikou.core.stream;

import io.vertx.core.Future;

/**
 * Processes stream entries for one consumer group. Called on the consumer's Vert.x context.
 *
 * <p>A succeeded future acknowledges the entry. A failed one leaves it pending, so it is delivered
 * again once it has been idle for the group's claim time, on this node or another; handlers must
 * therefore be idempotent (read the record's current state rather than trusting the entry).
 */
public interface StreamHandler {

    /**
     * Tells whether this group acts on an entry at all. Entries it does not want are acknowledged in
     * batches without a call to {@link #handle}, so a group that follows one kind of entry costs
     * almost nothing for the others. Decide from the entry's fields only. The default wants every entry.
     */
    default boolean wants(StreamEntry entry) {
        return true;
    }

    Future<Void> handle(StreamEntry entry);

    /**
     * Called instead of {@link #handle} once an entry has been delivered more than the configured
     * maximum, so one poisoned entry cannot block the group forever. The entry is acknowledged
     * after this future completes, whatever its outcome. The default only lets it go.
     */
    default Future<Void> giveUp(StreamEntry entry) {
        return Future.succeededFuture();
    }
}
