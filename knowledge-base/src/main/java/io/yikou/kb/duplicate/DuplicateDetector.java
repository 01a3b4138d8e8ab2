package io.yikou.kb.duplicate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.ticket.ConcurrentUpdateException;
import io.yikou.core.ticket.Location;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketPage;
import io.yikou.core.ticket.TicketQuery;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks new tickets against the recent open ones and records what it finds on the ticket.
 *
 * <p>The result is a {@code duplicate_check} event in the ticket's history with the matches in its
 * data, written through {@link TicketStore#modify} with the stream entry type {@link #STREAM_TYPE}.
 * Under {@link DuplicatePolicy#MERGE} a confident match on a ticket still {@code new} also moves it to
 * {@code merged_as_duplicate}. A ticket that already has a check event is not checked again, so a
 * redelivered stream entry changes nothing. Thread-safe.
 */
public final class DuplicateDetector {

    /** History event kind of a check. */
    public static final String EVENT_KIND = "duplicate_check";
    /** Stream entry type announcing a recorded check. */
    public static final String STREAM_TYPE = "ticket.duplicates";
    static final String ACTOR = "kb-duplicates";

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateDetector.class);
    private static final int LOAD_PAGE = TicketQuery.MAX_LIMIT;

    private final Vertx vertx;
    private final TicketStore tickets;
    private final IncidentWindow window;
    private final DuplicatePolicy policy;
    private final Clock clock;

    public DuplicateDetector(Vertx vertx, TicketStore tickets, IncidentWindow window, DuplicatePolicy policy,
                             Clock clock) {
        this.vertx = vertx;
        this.tickets = tickets;
        this.window = window;
        this.policy = policy;
        this.clock = clock;
    }

    public IncidentWindow window() {
        return window;
    }

    public DuplicatePolicy policy() {
        return policy;
    }

    /** Fills the window with the open tickets created within the window before now. */
    public Future<Integer> load() {
        Instant from = clock.instant().minus(window.settings().window());
        return loadPage(from, null, 0);
    }

    private Future<Integer> loadPage(Instant from, Instant before, int loaded) {
        TicketQuery query = new TicketQuery(null, null, null, null, from, before, LOAD_PAGE);
        return tickets.recent(query).compose((TicketPage page) -> {
            page.tickets().forEach(this::observe);
            int total = loaded + page.tickets().size();
            if (page.nextBefore() == null) {
                return Future.succeededFuture(total);
            }
            return loadPage(from, page.nextBefore(), total);
        });
    }

    /** Brings the window up to date with a ticket's current state: open tickets in, others out. */
    public void observe(Ticket ticket) {
        if (isOpen(ticket.status())) {
            window.add(record(ticket));
        } else {
            window.remove(ticket.number());
        }
    }

    /**
     * Checks a ticket that was just created and records the outcome.
     *
     * @return the matches, best first; empty when none reaches the candidate threshold or the ticket was
     *         checked before
     */
    public Future<List<IncidentMatch>> check(String number) {
        return checkAll(List.of(number)).map(results -> results.getOrDefault(number, List.of()));
    }

    /**
     * Checks tickets that were just created, in the order given, and records each outcome. Each ticket is
     * compared with the window as it is after the tickets before it in the list joined it, so a batch
     * finds what one-by-one checks would, at one read and one worker hop for the whole batch.
     *
     * @return the matches of every ticket checked now, by number; tickets missing or checked before are absent
     */
    public Future<Map<String, List<IncidentMatch>>> checkAll(List<String> numbers) {
        return tickets.findAll(numbers).compose(found -> {
            List<Ticket> fresh = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ticket ticket : found) {
                seen.add(ticket.number());
                if (checked(ticket)) {
                    LOG.debug("Ticket {} was checked for duplicates before; skipping", ticket.number());
                } else {
                    fresh.add(ticket);
                }
            }
            for (String number : numbers) {
                if (!seen.contains(number)) {
                    LOG.warn("Ticket {} from the stream does not exist; skipping the duplicate check", number);
                }
            }
            if (fresh.isEmpty()) {
                return Future.succeededFuture(Map.<String, List<IncidentMatch>>of());
            }
            return vertx.executeBlocking(() -> {
                window.evictBefore(clock.instant().minus(window.settings().window()));
                Map<String, List<IncidentMatch>> results = new LinkedHashMap<>();
                for (Ticket ticket : fresh) {
                    observe(ticket);
                    results.put(ticket.number(), window.match(record(ticket)));
                }
                return results;
            }, false).compose(results -> {
                List<Future<Void>> recorded = new ArrayList<>();
                for (Ticket ticket : fresh) {
                    recorded.add(record(ticket, results.get(ticket.number())));
                }
                return Future.all(recorded).map(results);
            });
        });
    }

    /** Returns the current matches of a ticket against the window, without recording anything. */
    public Future<List<IncidentMatch>> currentMatches(Ticket ticket) {
        return vertx.executeBlocking(() -> window.match(record(ticket)), false);
    }

    private Future<Void> record(Ticket ticket, List<IncidentMatch> matches) {
        Instant now = clock.instant();
        UnaryOperator<Ticket> change = current -> {
            if (checked(current)) {
                return current;
            }
            Ticket updated = current.withEvent(new TicketEvent(now, EVENT_KIND, null, null, ACTOR,
                    summary(matches), eventData(matches)));
            Optional<IncidentMatch> target = mergeTarget(current, matches);
            if (target.isPresent()) {
                IncidentMatch match = target.get();
                updated = updated.transition(TicketStatus.MERGED_AS_DUPLICATE, now, ACTOR,
                        "same incident as " + match.number(),
                        Map.of("duplicateOf", match.number(), "score", format(match.score())));
                LOG.info("Ticket {} merged as a duplicate of {} (score {})", current.number(), match.number(),
                        format(match.score()));
            }
            return updated;
        };
        // Write over the version just read; read again only if someone changed it meanwhile.
        Ticket updated = change.apply(ticket);
        Future<Ticket> written = updated == ticket ? Future.succeededFuture(ticket)
                : tickets.replace(ticket, updated, STREAM_TYPE).recover(error -> error instanceof ConcurrentUpdateException
                        ? tickets.modify(ticket.number(), change, STREAM_TYPE) : Future.failedFuture(error));
        return written.onSuccess(stored -> {
            if (!matches.isEmpty()) {
                LOG.info("Ticket {}: {} possible duplicate(s), best {} at {}", ticket.number(), matches.size(),
                        matches.get(0).number(), format(matches.get(0).score()));
            }
            observe(stored);
        }).mapEmpty();
    }

    private Optional<IncidentMatch> mergeTarget(Ticket ticket, List<IncidentMatch> matches) {
        if (policy != DuplicatePolicy.MERGE || matches.isEmpty() || ticket.status() != TicketStatus.NEW) {
            return Optional.empty();
        }
        IncidentMatch best = matches.get(0);
        if (best.verdict() != IncidentMatch.Verdict.DUPLICATE || !window.contains(best.number())) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Tells whether a ticket's history already contains a check. */
    static boolean checked(Ticket ticket) {
        return ticket.events().stream().anyMatch(e -> EVENT_KIND.equals(e.kind()));
    }

    /** Returns the matches recorded by the ticket's check, as stored in the event data. */
    public static Optional<TicketEvent> recordedCheck(Ticket ticket) {
        return ticket.events().stream().filter(e -> EVENT_KIND.equals(e.kind())).findFirst();
    }

    static boolean isOpen(TicketStatus status) {
        return switch (status) {
            case NEW, ROUTED, ACCEPTED, DISPATCHED, HANDLED, ROUTING_FAILED -> true;
            case CLOSED, EVALUATED, RESOLVED_AT_FIRST_CONTACT, MERGED_AS_DUPLICATE -> false;
        };
    }

    /** Builds the matching view of a ticket: description and address as text, position, grid, category. */
    static IncidentRecord record(Ticket ticket) {
        Location location = ticket.location();
        String address = location.address() == null ? "" : "\n" + location.address();
        String description = ticket.description() == null ? "" : ticket.description();
        return new IncidentRecord(ticket.number(), IncidentText.of(description + address), ticket.createdAt(),
                location.point(), location.grid().streetCode(), location.grid().communityCode(),
                location.grid().gridCode(), ticket.categoryCode());
    }

    /**
     * Encodes matches as event data: {@code matches} lists {@code number:score:verdict} separated by commas,
     * and {@code reasons.<number>} lists {@code code=value} separated by semicolons.
     */
    static Map<String, String> eventData(List<IncidentMatch> matches) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("matches", matches.stream()
                .map(m -> m.number() + ":" + format(m.score()) + ":" + m.verdict().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(",")));
        for (IncidentMatch match : matches) {
            data.put("reasons." + match.number(), match.reasons().stream()
                    .map(r -> r.value().isEmpty() ? r.code() : r.code() + "=" + r.value())
                    .collect(Collectors.joining(";")));
        }
        return data;
    }

    private static String summary(List<IncidentMatch> matches) {
        if (matches.isEmpty()) {
            return "no earlier open ticket about the same incident";
        }
        IncidentMatch best = matches.get(0);
        return (best.verdict() == IncidentMatch.Verdict.DUPLICATE ? "likely duplicate of " : "possible duplicate of ")
                + best.number();
    }

    static String format(double score) {
        return String.format(Locale.ROOT, "%.3f", score);
    }
}
