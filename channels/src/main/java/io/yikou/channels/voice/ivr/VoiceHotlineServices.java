package io.yikou.channels.voice.ivr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.contact.VoicemailTickets;
import io.yikou.core.privacy.Masking;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.Satisfaction;
import io.yikou.core.ticket.TicketStore;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.CallbackReceipt;
import io.yikou.ivr.runtime.CallbackRequest;
import io.yikou.ivr.runtime.HotlineServices;
import io.yikou.ivr.runtime.SurveyResponse;
import io.yikou.ivr.runtime.TicketStatusReport;
import io.yikou.ivr.runtime.Voicemail;
import io.yikou.ivr.runtime.VoicemailReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hotline services IVR flows use, over the core stores. Methods block the FastAGI worker thread
 * for at most {@link #TIMEOUT} each and fail with a runtime exception, which the engine answers with
 * its service-error prompt.
 *
 * <p>Callback requests go to the Redis list {@value #CALLBACKS} (JSON, oldest first) for agents to
 * work through, and to the call's contact.
 */
final class VoiceHotlineServices implements HotlineServices {

    /** Redis list of pending callback requests. */
    static final String CALLBACKS = "{yk}:voice:callbacks";

    private static final Logger LOG = LoggerFactory.getLogger(VoiceHotlineServices.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TicketStore tickets;
    private final VoicemailTickets voicemails;
    private final VoiceContacts contacts;
    private final RedisConnector redis;

    VoiceHotlineServices(TicketStore tickets, VoicemailTickets voicemails, VoiceContacts contacts, RedisConnector redis) {
        this.tickets = tickets;
        this.voicemails = voicemails;
        this.contacts = contacts;
        this.redis = redis;
    }

    @Override
    public boolean isRegisteredElderly(String callerNumber) {
        // The configured elderly-number list is checked by the engine itself; the core has no registry yet.
        return false;
    }

    /** Reports only the status code, which reveals nothing personal about the ticket to the caller. */
    @Override
    public Optional<TicketStatusReport> ticketStatus(String ticketNumber, CallInfo call) {
        return await(tickets.find(ticketNumber))
                .map(ticket -> new TicketStatusReport(ticket.number(), ticket.status().code(), Optional.empty()));
    }

    @Override
    public VoicemailReceipt voicemailToTicket(Voicemail voicemail) {
        var result = await(voicemails.submit(voicemail.contactId().orElse(null), blankToNull(voicemail.call().callerNumber()),
                voicemail.recordingFile(), (int) voicemail.length().toSeconds()));
        return new VoicemailReceipt(result.ticket().number());
    }

    @Override
    public CallbackReceipt requestCallback(CallbackRequest request) {
        String id = "CB-" + UUID.randomUUID();
        String json = new JsonObject()
                .put("id", id)
                .put("contactId", request.call().contactId().orElse(null))
                .put("number", request.callbackNumber())
                .put("queue", request.queue())
                .put("priority", request.priority())
                .put("language", request.language().tag())
                .put("elderly", request.elderly())
                .put("requestedAt", request.requestedAt().toString())
                .encode();
        long position = await(redis.call(c -> c.rpush(CALLBACKS, json)));
        request.call().contactId().ifPresent(contactId -> await(contacts.addDetails(contactId,
                Map.of("callbackRequest", id))));
        LOG.info("Callback {} requested for {} (contact {})", id, Masking.phone(request.callbackNumber()),
                request.call().contactId().orElse("-"));
        return new CallbackReceipt(id, (int) position);
    }

    @Override
    public void recordSurvey(SurveyResponse response) {
        response.call().contactId().ifPresent(contactId -> await(contacts.addDetails(contactId, Map.of(
                "survey", response.rating().code(),
                "surveyTicket", response.ticketNumber().orElse("")))));
        Optional<String> number = response.ticketNumber().filter(n -> !n.isBlank());
        if (number.isEmpty()) {
            return;
        }
        Satisfaction rating = Satisfaction.parse(response.rating().code()).orElseThrow();
        Map<String, String> data = response.call().contactId().map(id -> Map.of("contact", id)).orElse(Map.of());
        await(tickets.modify(number.get(), ticket -> ticket.rate(rating, Instant.now(), "voice", data),
                "ticket.status"));
        LOG.info("Ticket {} rated {} by phone (contact {})", number.get(), rating.code(),
                response.call().contactId().orElse("-"));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store", e);
        } catch (Exception e) {
            throw new IllegalStateException("store call failed: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
