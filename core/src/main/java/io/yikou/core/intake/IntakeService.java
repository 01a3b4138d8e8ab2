package io.yikou.core.intake;

import io.vertx.core.Future;
import io.yikou.core.category.Category;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.citizen.Identity;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.StrictUtf8;
import io.yikou.core.grid.GridLocator;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.privacy.Masking;
import io.yikou.core.text.CodePoints;
import io.yikou.core.ticket.GridRef;
import io.yikou.core.ticket.Location;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketEvent;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketStore;
import io.yikou.core.ticket.TicketType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns drafts from every channel into stored tickets: validates them, resolves the category's
 * department and the location's grid cells, links the citizen, and creates the ticket atomically
 * with its idempotency key. Channels call this and hold no business rules of their own.
 * Thread-safe.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

    /** Maximum reporter name length, in characters (code points). */
    public static final int MAX_NAME_CHARS = 50;

    private final TicketStore store;
    private final CategoryTree categories;
    private final GridLocator grid;
    private final LookupTokens tokens;
    private final IntakeOptions options;
    private final Clock clock;

    public IntakeService(TicketStore store, CategoryTree categories, GridLocator grid,
                         LookupTokens tokens, IntakeOptions options, Clock clock) {
        this.store = store;
        this.categories = categories;
        this.grid = grid;
        this.tokens = tokens;
        this.options = options;
        this.clock = clock;
    }

    /** Lists everything wrong with a draft; an empty list means it can be submitted. */
    public List<FieldError> validate(TicketDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.type() == null) {
            errors.add(FieldError.of("type", "required"));
        }
        if (draft.categoryCode() != null) {
            Optional<Category> category = categories.find(draft.categoryCode());
            if (category.isEmpty() || !category.get().isLeaf()) {
                errors.add(FieldError.of("category", "unknown_category", draft.categoryCode()));
            }
        }
        checkText(errors, "description", draft.description(), true, options.maxDescriptionChars());
        checkText(errors, "address", draft.address(), false, options.maxAddressChars());
        if (draft.attachments().size() > options.maxPhotos()) {
            errors.add(FieldError.of("photos", "too_many_files", options.maxPhotos()));
        }
        if (draft.reporter() != null && draft.reporter().phone() != null
                && PhoneNumbers.normalize(draft.reporter().phone()).isEmpty()) {
            errors.add(FieldError.of("phone", "invalid_phone"));
        }
        if (draft.reporter() != null) {
            checkText(errors, "name", draft.reporter().name(), false, MAX_NAME_CHARS);
        }
        if (draft.resolvedAtFirstContact() && draft.type() != TicketType.CONSULTATION) {
            errors.add(FieldError.of("resolvedAtFirstContact", "only_consultation"));
        }
        return errors;
    }

    /**
     * Validates and stores a draft.
     *
     * @param scope          who issued the idempotency key, such as {@code webform}
     * @param idempotencyKey the client's key, or {@code null}; repeats return the first ticket
     * @return the stored ticket; fails with {@link ApiException} 400 (invalid fields), 413 (a field
     *         over its maximum) or 422 (key reused with other content)
     */
    public Future<IntakeResult> submit(TicketDraft draft, String scope, String idempotencyKey) {
        return submit(draft, scope, idempotencyKey, Optional.empty());
    }

    /**
     * Same as {@link #submit(TicketDraft, String, String)}, linking the ticket to the citizen who holds
     * {@code citizen} (a WeChat openid, say) instead of the reporter's phone number.
     */
    public Future<IntakeResult> submit(TicketDraft draft, String scope, String idempotencyKey,
                                       Optional<Identity> citizen) {
        List<FieldError> errors = validate(draft);
        if (!errors.isEmpty()) {
            boolean tooLarge = errors.stream().anyMatch(e -> e.code().equals("too_long"));
            LOG.info("Rejected {} ticket draft: {}", draft.channel().code(),
                    errors.stream().map(e -> e.field() + ":" + e.code()).toList());
            return Future.failedFuture(tooLarge
                    ? new ApiException(413, "field_too_large", "error.field_too_large", errors)
                    : ApiException.invalid(errors));
        }
        Optional<IdempotencyKey> key;
        try {
            key = Optional.ofNullable(idempotencyKey)
                    .map(k -> new IdempotencyKey(scope, k, IdempotencyKey.sha256(JsonCodec.write(draft))));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ApiException.badRequest("invalid_idempotency_key", IdempotencyKey.MAX_LENGTH));
        }

        Reporter reporter = normalizeReporter(draft.reporter());
        Optional<Identity> identity = citizen.isPresent() || reporter == null || reporter.phone() == null
                ? citizen : Optional.of(Identity.phone(reporter.phone()));
        return store.create(build(draft, reporter, null), key, identity)
                .map(result -> {
                    Ticket ticket = result.ticket();
                    if (result.created()) {
                        LOG.info("Created ticket {} from {} (type {}, street {}, reporter {})", ticket.number(),
                                draft.channel().code(), ticket.type().code(),
                                ticket.location().grid().streetCode(),
                                reporter == null ? "anonymous" : Masking.phone(reporter.phone()));
                    }
                    return new IntakeResult(ticket, result.created(), tokens.tokenFor(ticket.number()));
                })
                .recover(error -> {
                    if (error instanceof io.yikou.core.idempotency.IdempotencyConflictException) {
                        return Future.failedFuture(ApiException.of(422, "idempotency_key_reused"));
                    }
                    return Future.failedFuture(error);
                });
    }

    /** Returns the lookup token service, for status pages. */
    public LookupTokens tokens() {
        return tokens;
    }

    private Ticket build(TicketDraft draft, Reporter reporter, String citizenId) {
        Instant now = clock.instant();
        // A position is exact; without one, an address that names its street or community still places it.
        GridRef cells = draft.point() != null ? grid.locate(draft.point()) : grid.locateByName(draft.address());
        Location location = new Location(blankToNull(draft.address()), draft.point(), cells);
        Category category = draft.categoryCode() == null ? null : categories.find(draft.categoryCode()).orElse(null);
        String department = category == null || category.department() == null ? null : category.department().code();

        List<TicketEvent> events = new ArrayList<>();
        events.add(new TicketEvent(now, "created", null, TicketStatus.NEW, draft.channel().code(), null, Map.of()));
        TicketStatus status = TicketStatus.NEW;
        if (draft.resolvedAtFirstContact()) {
            events.add(TicketEvent.statusChange(now, TicketStatus.NEW, TicketStatus.RESOLVED_AT_FIRST_CONTACT,
                    draft.channel().code(), null, Map.of()));
            status = TicketStatus.RESOLVED_AT_FIRST_CONTACT;
        }
        return new Ticket(null, draft.type(), draft.categoryCode(), department, draft.description(), location,
                List.of(draft.channel()), draft.attachments(), reporter, citizenId, status, null, null,
                draft.externalIds(), now, now, 1, events);
    }

    private static Reporter normalizeReporter(Reporter reporter) {
        if (reporter == null) {
            return null;
        }
        String phone = reporter.phone() == null ? null : PhoneNumbers.normalize(reporter.phone()).orElse(null);
        String name = blankToNull(reporter.name());
        return phone == null && name == null ? null : new Reporter(name, phone);
    }

    private static void checkText(List<FieldError> errors, String field, String text, boolean required, int max) {
        if (text == null || text.isBlank()) {
            if (required) {
                errors.add(FieldError.of(field, "required"));
            }
            return;
        }
        if (StrictUtf8.hasLoneSurrogate(text)) {
            errors.add(FieldError.of(field, "invalid_text"));
            return;
        }
        if (CodePoints.hasControlCharacters(text)) {
            errors.add(FieldError.of(field, "control_characters"));
            return;
        }
        if (CodePoints.length(text) > max) {
            errors.add(FieldError.of(field, "too_long", max));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
