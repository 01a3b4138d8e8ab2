package io.yikou.core.ticket;

import io.vertx.core.Future;
import io.yikou.core.citizen.Identity;
import io.yikou.core.idempotency.IdempotencyConflictException;
import io.yikou.core.idempotency.IdempotencyKey;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable ticket records and the ticket stream entries that announce their changes.
 *
 * <p>Implementations make creation atomic (idempotency check, number, record and stream entry
 * succeed or fail together) and updates conditional on the version the caller read.
 */
public interface TicketStore {

    /**
     * Stores a new ticket under a freshly allocated number. The draft's {@code number} is ignored.
     *
     * <p>With an idempotency key, every repeat returns the ticket the first call created, also when
     * repeats run concurrently; a repeat with different content fails with
     * {@link IdempotencyConflictException}.
     */
    Future<CreateResult> create(Ticket draft, Optional<IdempotencyKey> key);

    /**
     * Same as {@link #create(Ticket, Optional)}, and links the citizen holding {@code reporter} in the
     * same atomic step, creating that citizen on first contact. The draft's {@code citizenId} is
     * ignored.
     */
    Future<CreateResult> create(Ticket draft, Optional<IdempotencyKey> key, Optional<Identity> reporter);

    /** Reads a ticket. */
    Future<Optional<Ticket>> find(String number);

    /** Reads several tickets, skipping numbers that do not exist, in the order given. */
    Future<List<Ticket>> findAll(List<String> numbers);

    /**
     * Writes {@code updated} if the stored version still equals {@code current.version()}.
     *
     * @param streamType type of the stream entry announcing the change, such as {@code ticket.status}
     * @return the stored ticket; fails with {@link ConcurrentUpdateException} or
     *         {@link TicketNotFoundException}
     */
    Future<Ticket> replace(Ticket current, Ticket updated, String streamType);

    /**
     * Reads, applies {@code change} and writes, retrying on concurrent updates. When {@code change}
     * returns its argument unchanged nothing is written.
     */
    Future<Ticket> modify(String number, UnaryOperator<Ticket> change, String streamType);

    /** Lists tickets newest first. */
    Future<TicketPage> recent(TicketQuery query);

    /** Lists the numbers of all tickets currently in a status. */
    Future<List<String>> numbersIn(TicketStatus status);
}
