package io.yikou.ivr.runtime;

import java.util.Optional;

/**
 * Hotline services a flow needs, implemented by the voice channel over the core services. Methods
 * block; the engine calls them from the FastAGI session's thread.
 *
 * <p>Implementations bound their own waiting (a caller is listening to silence meanwhile) and
 * signal failure by throwing any {@link RuntimeException}. The engine then plays the
 * {@code service-error} prompt and takes the node's failure route; it never retries a call.
 */
public interface HotlineServices {

    /**
     * Tells whether the number belongs to a registered elderly citizen. The engine also checks the
     * configured elderly-number list itself, so an implementation without its own registry returns false.
     */
    boolean isRegisteredElderly(String callerNumber);

    /**
     * Looks up a ticket for a caller who typed its number.
     *
     * @param ticketNumber normalised, such as {@code 96010-20261204-000123}
     * @return the status to read out, or empty when there is no such ticket (or the caller may not hear it)
     */
    Optional<TicketStatusReport> ticketStatus(String ticketNumber, CallInfo call);

    /** Turns a recorded message into a ticket and returns its number. */
    VoicemailReceipt voicemailToTicket(Voicemail voicemail);

    /** Records a callback request that keeps the caller's place in the queue. */
    CallbackReceipt requestCallback(CallbackRequest request);

    /** Stores a satisfaction rating against the call's contact and the ticket, if known. */
    void recordSurvey(SurveyResponse response);
}
