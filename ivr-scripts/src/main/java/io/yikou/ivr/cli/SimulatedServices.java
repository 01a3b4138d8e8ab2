package io.yikou.ivr.cli;

import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.CallbackReceipt;
import io.yikou.ivr.runtime.CallbackRequest;
import io.yikou.ivr.runtime.HotlineServices;
import io.yikou.ivr.runtime.SurveyResponse;
import io.yikou.ivr.runtime.TicketStatusReport;
import io.yikou.ivr.runtime.Voicemail;
import io.yikou.ivr.runtime.VoicemailReceipt;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hotline services for the simulator and tests: returns configured results instead of reading
 * Redis, and records every request it receives. Not thread-safe; one instance per simulated call.
 */
public final class SimulatedServices implements HotlineServices {

    private final Clock clock;
    private final ZoneId zone;
    private ElderlyNumbers elderly = ElderlyNumbers.EMPTY;
    private Optional<String> defaultStatus = Optional.of("dispatched");
    private Optional<String> detail = Optional.empty();
    private final Map<String, String> statuses = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    private int callbackPosition = 3;
    private int voicemails;

    private final List<Voicemail> voicemailRequests = new ArrayList<>();
    private final List<CallbackRequest> callbackRequests = new ArrayList<>();
    private final List<SurveyResponse> surveyResponses = new ArrayList<>();

    public SimulatedServices(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Sets the registered elderly numbers. */
    public SimulatedServices elderly(ElderlyNumbers numbers) {
        this.elderly = numbers;
        return this;
    }

    /** Sets the status of every ticket looked up, or empty to find none; default {@code dispatched}. */
    public SimulatedServices defaultStatus(Optional<String> status) {
        this.defaultStatus = status;
        return this;
    }

    /** Sets the status of one ticket. */
    public SimulatedServices ticket(String number, String status) {
        statuses.put(number, status);
        return this;
    }

    /** Detail text returned with every found ticket, spoken where the channel has text-to-speech. */
    public SimulatedServices detail(String text) {
        this.detail = Optional.of(text);
        return this;
    }

    /** Makes a service method throw, as a Redis outage would: ticketStatus, voicemailToTicket, ... */
    public SimulatedServices failing(String service) {
        failing.add(service);
        return this;
    }

    public SimulatedServices callbackPosition(int position) {
        this.callbackPosition = position;
        return this;
    }

    @Override
    public boolean isRegisteredElderly(String callerNumber) {
        failIfConfigured("isRegisteredElderly");
        return elderly.contains(callerNumber);
    }

    @Override
    public Optional<TicketStatusReport> ticketStatus(String ticketNumber, CallInfo call) {
        failIfConfigured("ticketStatus");
        String status = statuses.get(ticketNumber);
        if (status == null) {
            status = defaultStatus.orElse(null);
        }
        return status == null ? Optional.empty() : Optional.of(new TicketStatusReport(ticketNumber, status, detail));
    }

    @Override
    public VoicemailReceipt voicemailToTicket(Voicemail voicemail) {
        failIfConfigured("voicemailToTicket");
        voicemailRequests.add(voicemail);
        voicemails++;
        String day = DateTimeFormatter.ofPattern("uuuuMMdd").format(clock.instant().atZone(zone));
        return new VoicemailReceipt(String.format("96010-%s-%06d", day, 900_000 + voicemails));
    }

    @Override
    public CallbackReceipt requestCallback(CallbackRequest request) {
        failIfConfigured("requestCallback");
        callbackRequests.add(request);
        return new CallbackReceipt("cb-" + (callbackRequests.size()), callbackPosition);
    }

    @Override
    public void recordSurvey(SurveyResponse response) {
        failIfConfigured("recordSurvey");
        surveyResponses.add(response);
    }

    public List<Voicemail> voicemails() {
        return List.copyOf(voicemailRequests);
    }

    public List<CallbackRequest> callbacks() {
        return List.copyOf(callbackRequests);
    }

    public List<SurveyResponse> surveys() {
        return List.copyOf(surveyResponses);
    }

    private void failIfConfigured(String service) {
        if (failing.contains(service)) {
            throw new IllegalStateException("simulated failure of " + service);
        }
    }
}
