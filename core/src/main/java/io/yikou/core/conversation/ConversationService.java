package io.yikou.core.conversation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.core.citizen.CitizenRegistry;
import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import io.yikou.core.contact.ContactStore;
import io.yikou.core.conversation.reply.ReplyGateway;
import io.yikou.core.conversation.reply.ReplyOutcome;
import io.yikou.core.conversation.reply.ReplyRequest;
import io.yikou.core.i18n.Messages;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.intake.IntakeResult;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.http.ApiException;
import io.yikou.core.privacy.Masking;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisLock;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.intake.TicketDraft;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages from every messaging channel into conversations: stores each delivery once as a
 * contact, adds it to the citizen's open conversation in order, runs the report dialogue, and sends
 * replies through the channel that received the message. Thread-safe.
 *
 * <p>A citizen's messages are processed one at a time across all nodes (a lock in Redis per citizen
 * and account), and the lock is released only after every write for the message was acknowledged,
 * so quick successions and re-deliveries cannot open two conversations or file two reports.
 */
public final class ConversationService {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);
    private static final Locale CITIZEN_LOCALE = Messages.CHINESE;

    /**
     * Result of taking in one delivery.
     *
     * @param contact   the stored contact, new or from an earlier delivery of the same message
     * @param duplicate {@code true} when an earlier delivery already stored it
     * @param processed completes when the conversation, dialogue and replies are done; never fails
     */
    public record Receipt(Contact contact, boolean duplicate, Future<Void> processed) {
    }

    private final Vertx vertx;
    private final ConversationStore store;
    private final ContactStore contacts;
    private final CitizenRegistry citizens;
    private final IntakeService intake;
    private final RedisLock lock;
    private final ConversationOptions options;
    private final Messages text;
    private final Messages coreText;
    private final ReportDialogue dialogue;
    private final Clock clock;

    public ConversationService(Vertx vertx, ConversationStore store, ContactStore contacts, CitizenRegistry citizens,
                               IntakeService intake, RedisLock lock, ConversationOptions options, int maxPhotos,
                               Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.contacts = contacts;
        this.citizens = citizens;
        this.intake = intake;
        this.lock = lock;
        this.options = options;
        this.text = dialogueMessages();
        this.coreText = Messages.core();
        this.dialogue = new ReportDialogue(options, text, maxPhotos);
        this.clock = clock;
    }

    /** Returns the bundle of texts sent to citizens. */
    public static Messages dialogueMessages() {
        return new Messages("io.yikou.core.conversation.dialogue");
    }

    public ConversationStore store() {
        return store;
    }

    /**
     * Stores a delivery as a contact (once per {@link InboundMessage#dedupeKey()}, also across nodes)
     * and continues with the conversation in the background. The returned future completes once the
     * contact is stored, so a channel can acknowledge the delivery then.
     */
    public Future<Receipt> receive(InboundMessage message, MediaFetcher fetcher) {
        String scope = message.channel().code() + ":" + message.account();
        IdempotencyKey key = new IdempotencyKey(scope, message.dedupeKey(), IdempotencyKey.sha256(message.dedupeKey()));
        Instant now = clock.instant();
        return citizens.resolve(message.sender())
                .compose(citizen -> contacts.create(contactOf(message, citizen.id(), now), Optional.of(key))
                        .map(created -> {
                            // NOTE: a node that stops between storing the contact and adding it to the
                            // conversation leaves the message out of the conversation; repeats see the
                            // contact and stop here, so only the contact keeps it.
                            if (!created.created()) {
                                LOG.info("Repeated {} delivery {} from {} matched contact {}", message.channel().code(),
                                        message.dedupeKey(), Masking.id(message.sender().value()),
                                        created.contact().id());
                                return new Receipt(created.contact(), true, Future.succeededFuture());
                            }
                            Future<Void> processed = process(message, created.contact(), citizen.id(), fetcher)
                                    .recover(error -> {
                                        LOG.error("Processing {} message {} (contact {}) failed: {}",
                                                message.channel().code(), message.dedupeKey(),
                                                created.contact().id(), error.toString(), error);
                                        return Future.succeededFuture();
                                    });
                            return new Receipt(created.contact(), false, processed);
                        }));
    }

    private Future<Void> process(InboundMessage message, Contact contact, String citizenId, MediaFetcher fetcher) {
        String citizenKey = Conversation.citizenKey(message.channel(), message.account(), message.sender());
        String lockKey = RedisKeys.lock("citizen:" + IdempotencyKey.sha256(citizenKey));
        List<Outgoing> outgoing = new ArrayList<>();
        return lock.withLock(lockKey, options.lockTtl(), options.lockWait(), () ->
                        fetchMedia(message, fetcher).compose(media -> {
                            ConversationMessage entry = ConversationMessage.inbound(message, contact.id(),
                                    media.attachment(), media.mediaError());
                            return store.appendInbound(message.channel(), message.account(), message.sender(),
                                            citizenId, entry, clock.instant())
                                    .compose(appended -> appended.added()
                                            ? react(appended.conversation(), message, entry, outgoing)
                                            : Future.succeededFuture());
                        }))
                .recover(error -> error instanceof TimeoutException
                        ? Future.failedFuture(new IllegalStateException("citizen lock not free within "
                                + options.lockWait() + "; message stays stored as contact " + contact.id(), error))
                        : Future.failedFuture(error))
                .compose(v -> sendAll(outgoing));
    }

    private record MediaEntry(Attachment attachment, String mediaError) {
    }

    private Future<MediaEntry> fetchMedia(InboundMessage message, MediaFetcher fetcher) {
        if (!message.kind().hasMedia() || message.mediaId() == null || fetcher == null) {
            return Future.succeededFuture(new MediaEntry(null, null));
        }
        return fetcher.fetch(message)
                .timeout(options.mediaTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .map(attachment -> new MediaEntry(attachment, null))
                .recover(error -> {
                    LOG.warn("Fetching {} media of message {} failed: {}", message.channel().code(),
                            message.dedupeKey(), error.toString());
                    return Future.succeededFuture(new MediaEntry(null, String.valueOf(error.getMessage())));
                });
    }

    /** A reply decided while the citizen's lock was held, sent after it is released. */
    private record Outgoing(Conversation conversation, String text) {
    }

    private Future<Void> react(Conversation conversation, InboundMessage message, ConversationMessage entry,
                               List<Outgoing> outgoing) {
        if (message.isEvent("unsubscribe") || message.isEvent("unfollow")) {
            return store.close(conversation.id(), "unsubscribed").mapEmpty();
        }
        if ((message.isEvent("subscribe") || message.isEvent("follow")) && options.welcome()) {
            outgoing.add(new Outgoing(conversation, text.get(CITIZEN_LOCALE, "welcome")));
            return Future.succeededFuture();
        }
        ReportDialogue.Decision decision = dialogue.onMessage(conversation.dialogue(), entry, CITIZEN_LOCALE);
        for (String reply : decision.replies()) {
            outgoing.add(new Outgoing(conversation, reply));
        }
        Future<Conversation> updated = decision.next() == null
                ? Future.succeededFuture(conversation)
                : store.modify(conversation.id(), c -> c.withDialogue(decision.next(), clock.instant()));
        return decision.submit() ? updated.compose(c -> submitReport(c, outgoing)) : updated.mapEmpty();
    }

    private Future<Void> submitReport(Conversation conversation, List<Outgoing> outgoing) {
        DialogueState state = conversation.dialogue();
        TicketDraft draft = new TicketDraft(conversation.channel(), options.reportTicketType(), null,
                state.description(), state.address(), state.point(), state.photos(), null,
                externalIds(conversation), false);
        String key = conversation.id() + ":report:" + state.round();
        return intake.submit(draft, "conversation", key, Optional.ofNullable(conversation.citizen()))
                .compose(result -> store.modify(conversation.id(), c -> c.withTicket(result.ticket().number(),
                                        clock.instant()).withDialogue(c.dialogue().cancel(), clock.instant()))
                        .map(c -> {
                            LOG.info("Conversation {} filed ticket {} through the report dialogue", conversation.id(),
                                    result.ticket().number());
                            outgoing.add(new Outgoing(c, text.get(CITIZEN_LOCALE, "submitted",
                                    result.ticket().number(), result.lookupToken())));
                            return result;
                        }))
                .<Void>mapEmpty()
                .recover(error -> {
                    String reason = error instanceof ApiException api
                            ? coreText.get(CITIZEN_LOCALE, api.messageKey(), api.args().toArray())
                            : coreText.get(CITIZEN_LOCALE, "error.service_unavailable");
                    LOG.warn("Report dialogue of conversation {} could not file its ticket: {}", conversation.id(),
                            error.toString());
                    outgoing.add(new Outgoing(conversation, text.get(CITIZEN_LOCALE, "submit_failed", reason)));
                    return Future.succeededFuture();
                });
    }

    private Future<Void> sendAll(List<Outgoing> outgoing) {
        Future<Void> chain = Future.succeededFuture();
        for (Outgoing reply : outgoing) {
            chain = chain.compose(v -> reply(reply.conversation(), reply.text(), "system").mapEmpty());
        }
        return chain;
    }

    /**
     * Sends a text to the conversation's citizen through its channel and records it in the
     * conversation with its outcome; a failed delivery is also kept as the conversation's
     * {@link Conversation#lastFailure()} for the agent.
     */
    public Future<ConversationMessage> reply(Conversation conversation, String body, String actor) {
        return send(conversation, body, actor, null);
    }

    /**
     * Tells the conversation's citizen that a ticket changed status, through the channel's notice
     * template where one is configured, else as an ordinary reply.
     */
    public Future<ConversationMessage> notifyStatus(Conversation conversation, String ticketNumber,
                                                    io.yikou.core.ticket.TicketStatus status) {
        String statusText = coreText.get(CITIZEN_LOCALE, "status." + status.code());
        String body = text.get(CITIZEN_LOCALE, "status_changed", ticketNumber, statusText);
        return send(conversation, body, "system", new ReplyRequest.Notice(ticketNumber, status.code(), statusText));
    }

    private Future<ConversationMessage> send(Conversation conversation, String body, String actor,
                                             ReplyRequest.Notice notice) {
        return store.lastInbound(conversation.channel(), conversation.account(), conversation.citizen())
                .compose(last -> ReplyGateway.send(vertx, new ReplyRequest(conversation.channel(),
                        conversation.account(), conversation.citizen().value(), body, last.orElse(null),
                        conversation.id(), actor, notice)))
                .compose(outcome -> {
                    ConversationMessage entry = ConversationMessage.outbound(body, clock.instant(), actor,
                            outcome.view());
                    Future<Void> stored = store.appendReply(conversation.id(), entry);
                    if (!outcome.delivered()) {
                        LOG.warn("Reply to conversation {} failed: {} {}", conversation.id(), outcome.errorCode(),
                                outcome.error());
                        stored = stored.compose(v -> store.modify(conversation.id(),
                                c -> c.withFailure(entry, clock.instant())).mapEmpty());
                    }
                    return stored.map(entry);
                });
    }

    /** Sends a reply to a conversation by id. */
    public Future<ConversationMessage> reply(String conversationId, String body, String actor) {
        return store.find(conversationId).compose(found -> found
                .map(c -> reply(c, body, actor))
                .orElseGet(() -> Future.failedFuture(ApiException.notFound("conversation_not_found"))));
    }

    /**
     * Creates a ticket from a conversation: the agent's fields, plus the citizen's texts, the latest
     * location and the stored photos and voice messages. Every contact of the conversation is
     * attached to the ticket.
     *
     * @param idempotencyKey the client's key, or {@code null}
     */
    public Future<IntakeResult> createTicket(String conversationId, TicketRequest request, String actor,
                                             String idempotencyKey) {
        return store.find(conversationId)
                .compose(found -> found.map(Future::succeededFuture).orElseGet(() ->
                        Future.failedFuture(ApiException.notFound("conversation_not_found"))))
                .compose(conversation -> store.messages(conversationId).compose(messages -> {
                    List<ConversationMessage> inbound = messages.stream().filter(ConversationMessage::isInbound).toList();
                    String description = request.description() != null && !request.description().isBlank()
                            ? request.description() : citizenText(inbound);
                    GeoPoint point = null;
                    String label = null;
                    List<Attachment> files = new ArrayList<>();
                    for (ConversationMessage m : inbound) {
                        if (m.kind() == MessageKind.LOCATION && m.point() != null) {
                            point = m.point();
                            label = m.label();
                        }
                        if (m.attachment() != null && files.stream().noneMatch(a -> a.id().equals(m.attachment().id()))) {
                            files.add(m.attachment());
                        }
                    }
                    String address = request.address() != null ? request.address() : label;
                    Map<String, String> ids = externalIds(conversation);
                    ids.putAll(request.externalIds());
                    TicketDraft draft = new TicketDraft(conversation.channel(), request.type(), request.categoryCode(),
                            description, address, point, files, null, ids, false);
                    String key = idempotencyKey == null ? null : conversationId + ":" + idempotencyKey;
                    return intake.submit(draft, "conversation", key, Optional.ofNullable(conversation.citizen()))
                            .compose(result -> attach(conversation, inbound, result).map(result));
                }));
    }

    private Future<Void> attach(Conversation conversation, List<ConversationMessage> inbound, IntakeResult result) {
        String number = result.ticket().number();
        Future<Void> chain = store.modify(conversation.id(), c -> c.withTicket(number, clock.instant())).mapEmpty();
        for (ConversationMessage m : inbound) {
            if (m.contactId() != null) {
                chain = chain.compose(v -> contacts.modify(m.contactId(), c -> c.attach(number, clock.instant()))
                        .<Void>mapEmpty()
                        .recover(error -> {
                            LOG.warn("Could not attach ticket {} to contact {}: {}", number, m.contactId(),
                                    error.toString());
                            return Future.succeededFuture();
                        }));
            }
        }
        return chain.onSuccess(v -> LOG.info("Conversation {} filed ticket {} ({} messages)", conversation.id(),
                number, inbound.size()));
    }

    private static String citizenText(List<ConversationMessage> inbound) {
        List<String> parts = new ArrayList<>();
        for (ConversationMessage m : inbound) {
            if ((m.kind() == MessageKind.TEXT || m.kind() == MessageKind.VOICE || m.kind() == MessageKind.LINK)
                    && m.text() != null && !m.text().isBlank()) {
                parts.add(m.text());
            }
        }
        return String.join("\n", parts);
    }

    private static Map<String, String> externalIds(Conversation conversation) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("conversation", conversation.id());
        ids.put(conversation.channel().code() + ".account", conversation.account());
        return ids;
    }

    /** Looks up the conversation a ticket came from and sends it a text, for status notices. */
    public Future<Optional<Conversation>> conversationOf(Map<String, String> externalIds) {
        String id = externalIds.get("conversation");
        return id == null ? Future.succeededFuture(Optional.empty()) : store.find(id);
    }

    private static Contact contactOf(InboundMessage message, String citizenId, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("messageType", message.type());
        details.put("kind", message.kind().code());
        details.put("createTime", message.createdAt().getEpochSecond());
        if (message.event() != null) {
            details.put("event", message.event());
        }
        return new Contact(null, message.channel(), message.account(), message.messageId(), citizenId,
                ContactState.ENDED, now, now, message.channel().code() + " " + message.kind().code(), List.of(),
                details, now, 1);
    }
}
