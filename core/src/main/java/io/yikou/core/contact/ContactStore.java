package io.yikou.core.contact;

import io.vertx.core.Future;
import io.yikou.core.idempotency.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable contact records, announced on the ticket stream as {@code contact.created} and
 * {@code contact.updated} entries.
 */
public interface ContactStore {

    /**
     * Outcome of a creation.
     *
     * @param contact the stored contact: new, or the one an earlier delivery with the same key created
     * @param created {@code true} when this call created it
     */
    record Created(Contact contact, boolean created) {
    }

    /**
     * Stores a new contact under a fresh id; the draft's id is ignored. With a key (a channel's own
     * message id, say) repeats return the first contact, also when they arrive concurrently.
     */
    Future<Created> create(Contact draft, Optional<IdempotencyKey> key);

    Future<Optional<Contact>> find(String id);

    /** Reads, applies {@code change} and writes, retrying on concurrent updates. */
    Future<Contact> modify(String id, UnaryOperator<Contact> change);

    /** Lists contacts started in {@code [from, to)}, newest first, at most {@code limit}. */
    Future<List<Contact>> recent(Instant from, Instant to, int limit);
}
