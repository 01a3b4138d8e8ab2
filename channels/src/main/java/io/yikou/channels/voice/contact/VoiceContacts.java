package io.yikou.channels.voice.contact;

import io.vertx.core.Future;
import io.yikou.channels.voice.live.LiveCall;
import io.yikou.channels.voice.live.LiveChange;
import io.yikou.core.citizen.CitizenRegistry;
import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import io.yikou.core.contact.ContactStore;
import io.yikou.core.idempotency.IdempotencyKey;
import io.yikou.core.intake.PhoneNumbers;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one voice contact per inbound call in the ticket stream: opened when the call is
 * identified, updated when it queues and when an agent answers, ended with its outcome when the
 * last leg hangs up.
 *
 * <p>The contact's idempotency key is the call's Linkedid, so the AMI side, the FastAGI side (which
 * may run on another node) and a node taking over the AMI lease all reach the same contact. Changes
 * for one call are applied one after another in event order; calls do not wait for each other.
 * Thread-safe.
 */
public final class VoiceContacts implements Consumer<LiveChange> {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceContacts.class);
    private static final int RECENTLY_ENDED = 1000;

    private final ContactStore store;
    private final CitizenRegistry citizens;
    private final String scope;
    private final Clock clock;
    private final Map<String, Future<Contact>> chains = new ConcurrentHashMap<>();
    /**
     * Contacts of calls that ended lately, most recent last. A screen pop or a desk request that started
     * while the call was live may ask after the hang-up, and must still find the contact.
     */
    private final Map<String, Future<Contact>> ended = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Future<Contact>> eldest) {
            return size() > RECENTLY_ENDED;
        }
    };

    /**
     * @param asteriskId name of the Asterisk server, part of the idempotency scope so two servers'
     *                   Linkedids cannot collide
     */
    public VoiceContacts(ContactStore store, CitizenRegistry citizens, String asteriskId, Clock clock) {
        this.store = store;
        this.citizens = citizens;
        this.scope = "voice:" + asteriskId;
        this.clock = clock;
    }

    @Override
    public void accept(LiveChange change) {
        LiveCall call = change.call();
        if (call == null || !call.inbound()) {
            return;
        }
        switch (change.kind()) {
            case CALL_STARTED -> enqueue(call.linkedid(), contact -> contact == null ? open(call) : Future.succeededFuture(contact));
            case CALL_QUEUED -> enqueue(call.linkedid(), contact -> update(contact, call, Map.of(VoiceDetails.QUEUE, call.queue())));
            case CALL_ANSWERED -> enqueue(call.linkedid(), contact -> update(contact, call, answered(call)));
            case CALL_TRANSFERRED -> enqueue(call.linkedid(), contact -> update(contact, call,
                    Map.of(VoiceDetails.TRANSFER_TARGET, call.transferTarget())));
            case CALL_ENDED -> {
                Future<Contact> last = enqueue(call.linkedid(), contact -> end(contact, call));
                last.onComplete(done -> {
                    synchronized (ended) {
                        ended.put(call.linkedid(), last);
                    }
                    chains.remove(call.linkedid(), last);
                });
            }
            default -> { }
        }
    }

    /**
     * Returns the contact of a call, creating it when the AMI side has not yet: the FastAGI session
     * calls this with what its environment says about the caller.
     */
    public Future<Contact> openForIvr(String linkedid, String callerNumber, String callerName, String dialledNumber) {
        LiveCall known = new LiveCall(linkedid, true, dialledNumber, callerNumber, callerName, clock.instant(), null,
                null, List.of(), true, null, null, null, null, null, false, null, null);
        return open(known);
    }

    /** Merges an IVR session's record into the contact, recomputing the outcome if the call already ended. */
    public Future<Contact> recordIvr(String contactId, IvrRecord record) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(VoiceDetails.IVR, true);
        changes.put(VoiceDetails.IVR_FLOW, record.flow());
        changes.put(VoiceDetails.IVR_PATH, record.path());
        changes.put(VoiceDetails.IVR_CHOICES, record.choices());
        putIfPresent(changes, VoiceDetails.IVR_RESULT, record.result());
        putIfPresent(changes, VoiceDetails.PRIORITY, record.priority());
        putIfPresent(changes, VoiceDetails.LANGUAGE, record.language());
        return store.modify(contactId, contact -> {
            Contact merged = contact.withDetails(changes, clock.instant());
            if (merged.state() == ContactState.ENDED) {
                merged = merged.withDetails(Map.of(VoiceDetails.OUTCOME, VoiceOutcome.decide(merged.details()).code()),
                        clock.instant());
            }
            return merged;
        });
    }

    /** Merges details such as a voicemail's ticket number into a contact. */
    public Future<Contact> addDetails(String contactId, Map<String, Object> details) {
        return store.modify(contactId, contact -> contact.withDetails(details, clock.instant()));
    }

    /**
     * Returns the contact of a live call after the changes queued so far, or of one of the last
     * {@value #RECENTLY_ENDED} calls that ended. The result is empty for a call this node does not follow.
     */
    public Future<Optional<Contact>> contactOf(String linkedid) {
        Future<Contact> chain = chains.get(linkedid);
        if (chain == null) {
            synchronized (ended) {
                chain = ended.get(linkedid);
            }
        }
        if (chain == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return chain.map(Optional::ofNullable).recover(error -> Future.succeededFuture(Optional.empty()));
    }

    /** Tells how many calls have contact work queued or running, for tests and health. */
    public int callsInProgress() {
        return chains.size();
    }

    private Future<Contact> enqueue(String linkedid, Function<Contact, Future<Contact>> step) {
        return chains.compute(linkedid, (key, previous) -> {
            Future<Contact> before = previous == null ? Future.succeededFuture(null)
                    : previous.recover(error -> Future.succeededFuture(null));
            return before.compose(contact -> step.apply(contact)).onFailure(error ->
                    LOG.error("Voice contact update for call {} failed: {}", linkedid, error.toString()));
        });
    }

    private Future<Contact> open(LiveCall call) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(VoiceDetails.LINKEDID, call.linkedid());
        putIfPresent(details, VoiceDetails.CALLER_NUMBER, call.callerNumber());
        putIfPresent(details, VoiceDetails.CALLER_NAME, call.callerName());
        putIfPresent(details, VoiceDetails.DIALLED_NUMBER, call.dialledNumber());
        putIfPresent(details, VoiceDetails.QUEUE, call.queue());
        Instant now = clock.instant();
        IdempotencyKey key = new IdempotencyKey(scope, call.linkedid(), IdempotencyKey.sha256(scope + "\n" + call.linkedid()));
        return citizenId(call.callerNumber())
                .compose(citizenId -> store.create(new Contact(null, Channel.VOICE, call.dialledNumber(), call.linkedid(),
                        citizenId, ContactState.OPEN, call.startedAt() == null ? now : call.startedAt(), null,
                        summary(call.dialledNumber()), List.of(), details, now, 1), Optional.of(key)))
                .compose(created -> {
                    if (created.created()) {
                        LOG.info("Opened voice contact {} for call {} from {} to {}", created.contact().id(),
                                call.linkedid(), Masking.phone(call.callerNumber()), call.dialledNumber());
                        return Future.succeededFuture(created.contact());
                    }
                    return fillMissing(created.contact(), details);
                });
    }

    private Future<String> citizenId(String callerNumber) {
        if (callerNumber == null || PhoneNumbers.normalize(callerNumber).isEmpty()) {
            return Future.succeededFuture(null);
        }
        return citizens.resolve(Identity.phone(PhoneNumbers.normalize(callerNumber).get()))
                .map(citizen -> citizen.id())
                .recover(error -> {
                    LOG.warn("Could not link caller {} to a citizen: {}", Masking.phone(callerNumber), error.toString());
                    return Future.succeededFuture(null);
                });
    }

    /** Adds what this side knows to a contact the other side created first, keeping what it set. */
    private Future<Contact> fillMissing(Contact existing, Map<String, Object> details) {
        Map<String, Object> missing = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (!existing.details().containsKey(key)) {
                missing.put(key, value);
            }
        });
        if (missing.isEmpty()) {
            return Future.succeededFuture(existing);
        }
        return store.modify(existing.id(), contact -> {
            Map<String, Object> stillMissing = new LinkedHashMap<>(missing);
            stillMissing.keySet().removeAll(contact.details().keySet());
            return stillMissing.isEmpty() ? contact : contact.withDetails(stillMissing, clock.instant());
        });
    }

    private Future<Contact> update(Contact contact, LiveCall call, Map<String, Object> changes) {
        Future<Contact> target = contact != null ? Future.succeededFuture(contact) : open(call);
        return target.compose(current -> store.modify(current.id(), c -> c.withDetails(changes, clock.instant())));
    }

    private static Map<String, Object> answered(LiveCall call) {
        Map<String, Object> changes = new LinkedHashMap<>();
        putIfPresent(changes, VoiceDetails.QUEUE, call.queue());
        putIfPresent(changes, VoiceDetails.WAIT_SECONDS, call.holdSeconds());
        putIfPresent(changes, VoiceDetails.AGENT_INTERFACE, call.agentInterface());
        putIfPresent(changes, VoiceDetails.AGENT_NAME, call.agentName());
        putIfPresent(changes, VoiceDetails.ANSWERED_AT, call.answeredAt() == null ? null : call.answeredAt().toString());
        return changes;
    }

    private Future<Contact> end(Contact contact, LiveCall call) {
        Map<String, Object> changes = new LinkedHashMap<>(answered(call));
        putIfPresent(changes, VoiceDetails.TALK_SECONDS, call.talkSeconds());
        putIfPresent(changes, VoiceDetails.TRANSFER_TARGET, call.transferTarget());
        putIfPresent(changes, VoiceDetails.END_REASON, call.endReason());
        if (call.ivr()) {
            changes.put(VoiceDetails.IVR, true);
        }
        if (call.abandoned() && call.holdSeconds() != null) {
            changes.put(VoiceDetails.WAIT_SECONDS, call.holdSeconds());
        }
        Instant endedAt = call.endedAt() == null ? clock.instant() : call.endedAt();
        Future<Contact> target = contact != null ? Future.succeededFuture(contact) : open(call);
        return target.compose(current -> store.modify(current.id(), c -> {
            Map<String, Object> merged = new LinkedHashMap<>(c.details());
            merged.putAll(changes);
            Map<String, Object> finalDetails = new LinkedHashMap<>(changes);
            finalDetails.put(VoiceDetails.OUTCOME, VoiceOutcome.decide(merged).code());
            return c.end(endedAt, finalDetails);
        })).onSuccess(ended -> LOG.info("Ended voice contact {} for call {}: {}", ended.id(), call.linkedid(),
                ended.details().get(VoiceDetails.OUTCOME)));
    }

    private static String summary(String dialledNumber) {
        return dialledNumber == null ? "来电" : "来电 " + dialledNumber;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
