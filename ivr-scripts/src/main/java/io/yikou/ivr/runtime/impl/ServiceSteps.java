package io.yikou.ivr.runtime.impl;

import io.yikou.ivr.calendar.DayInfo;
import io.yikou.ivr.elderly.PhoneNumbers;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.TimeRange;
import io.yikou.ivr.prompt.EnginePrompts;
import io.yikou.ivr.prompt.NumberReader;
import io.yikou.ivr.runtime.CallbackReceipt;
import io.yikou.ivr.runtime.CallbackRequest;
import io.yikou.ivr.runtime.CallerHangupException;
import io.yikou.ivr.runtime.RecordingRequest;
import io.yikou.ivr.runtime.RecordingResult;
import io.yikou.ivr.runtime.TicketStatusReport;
import io.yikou.ivr.runtime.Voicemail;
import io.yikou.ivr.runtime.VoicemailReceipt;
import io.yikou.ivr.runtime.WalkEvent;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes that ask the hotline services or the calendar: ticket status, business hours,
 * voicemail, callback and the elderly check. A failed service call is logged with the call's ids,
 * the caller hears the {@code service-error} prompt, and the node's failure route is taken.
 */
final class ServiceSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSteps.class);
    /** Years already warned about, so a missing calendar is logged once per process and year. */
    private static final Set<Integer> WARNED_YEARS = ConcurrentHashMap.newKeySet();

    private ServiceSteps() {
    }

    static Walk.Step ticketStatus(Walk walk, FlowNode.TicketStatus node) {
        String number = walk.variable(node.ticketVariable());
        if (number.isBlank()) {
            return new Walk.Go(node.notFound().node());
        }
        Optional<TicketStatusReport> report;
        try {
            report = walk.services.ticketStatus(number, walk.call);
        } catch (CallerHangupException e) {
            throw e;
        } catch (RuntimeException e) {
            failed(walk, "ticketStatus", "ticket " + number, e);
            return new Walk.Go(node.notFound().node());
        }
        if (report.isEmpty()) {
            walk.emit(new WalkEvent.ServiceCalled("ticketStatus", number + ": not found"));
            return new Walk.Go(node.notFound().node());
        }
        TicketStatusReport found = report.get();
        walk.emit(new WalkEvent.ServiceCalled("ticketStatus", number + ": " + found.statusCode()));
        walk.store("ticket-status", found.statusCode());

        // Read out: intro, the number digit by digit, the status, then any detail by text-to-speech.
        walk.play(node.prompts(), "");
        if (node.readNumber()) {
            for (String id : NumberReader.digits(found.ticketNumber())) {
                walk.playPrompt(id, "");
            }
        }
        String statusPrompt = EnginePrompts.ticketStatus(found.statusCode());
        walk.playPrompt(walk.env.prompts().contains(statusPrompt) ? statusPrompt : EnginePrompts.TICKET_STATUS_UNKNOWN, "");
        if (found.detail().isPresent() && !found.detail().get().isBlank() && walk.telephony.canSpeak()) {
            Optional<Character> key = walk.telephony.speak(found.detail().get(), walk.language, "");
            walk.emit(new WalkEvent.TextSpoken(found.detail().get(), key));
        }
        return new Walk.Go(node.found().node());
    }

    static Walk.Step businessHours(Walk walk, FlowNode.BusinessHours node) {
        ZonedDateTime now = walk.env.clock().instant().atZone(walk.env.settings().timeZone());
        DayInfo day = walk.env.calendar().day(now.toLocalDate());
        if (!day.yearConfigured() && WARNED_YEARS.add(now.getYear())) {
            LOG.warn("No holiday calendar for {}: only weekends count as rest days; add a holiday file for the year",
                    now.getYear());
        }
        List<TimeRange> ranges = switch (day.kind()) {
            case WORKING_DAY, MAKE_UP_WORKING_DAY -> node.hours().workingDays();
            case REST_DAY -> node.hours().restDays();
            case HOLIDAY -> node.hours().holidays();
        };
        boolean open = ranges.stream().anyMatch(r -> r.contains(now.toLocalTime()));
        walk.store("day-kind", day.kind().code());
        walk.store("holiday-name", day.holiday().map(h -> walk.language == io.yikou.ivr.flow.Language.ENGLISH
                ? h.nameEn() : h.name()).orElse(""));
        walk.emit(new WalkEvent.HoursChecked(now.toLocalDateTime(), day, open));
        if (open) {
            return new Walk.Go(node.open().node());
        }
        if (day.kind() == io.yikou.ivr.calendar.DayKind.HOLIDAY && node.holiday().isPresent()) {
            return new Walk.Go(node.holiday().get().node());
        }
        return new Walk.Go(node.closed().node());
    }

    static Walk.Step voicemail(Walk walk, FlowNode.Voicemail node) {
        walk.play(node.prompts(), "");
        walk.pendingKeys.clear();
        String format = walk.env.settings().recordingFormat();
        String file = walk.env.settings().recordingDir() + "/" + safeName(walk.call.uniqueId()) + "-"
                + walk.env.clock().millis();
        RecordingResult recording = walk.telephony.recordFile(new RecordingRequest(file, format,
                String.valueOf(node.finishKey()), node.maxDuration(), node.silence(), node.beep()));
        walk.emit(new WalkEvent.Recorded(file + "." + format, recording));
        boolean hungUp = recording.reason() == RecordingResult.EndReason.CALLER_HUNG_UP;

        // Too short to hold a message: nothing to turn into a ticket.
        if (recording.length().isZero() || recording.length().compareTo(node.minDuration()) < 0) {
            if (hungUp) {
                throw new CallerHangupException("the caller hung up without leaving a message");
            }
            return new Walk.Go(node.onEmpty().node());
        }

        VoicemailReceipt receipt;
        try {
            receipt = walk.services.voicemailToTicket(new Voicemail(walk.call, file + "." + format, recording.length(),
                    walk.language, walk.elderly, walk.env.clock().instant(), walk.path(), hungUp));
        } catch (RuntimeException e) {
            // The recording stays on disk; the log line names it so staff can recover the message.
            walk.emit(new WalkEvent.ServiceFailed("voicemailToTicket", e.toString()));
            LOG.error("{} Hotline service voicemailToTicket failed for recording {}.{}", walk.logPrefix(), file, format, e);
            if (hungUp) {
                throw new CallerHangupException("the caller hung up after leaving a message");
            }
            walk.playPrompt(EnginePrompts.SERVICE_ERROR, "");
            return new Walk.Go(node.onEmpty().node());
        }
        walk.voicemailTicket = Optional.of(receipt.ticketNumber());
        walk.store("ticket", receipt.ticketNumber());
        walk.emit(new WalkEvent.ServiceCalled("voicemailToTicket", receipt.ticketNumber()));
        if (hungUp) {
            throw new CallerHangupException("the caller hung up after leaving a message");
        }
        return new Walk.Go(node.next().node());
    }

    static Walk.Step callback(Walk walk, FlowNode.Callback node) {
        String number = node.numberVariable().map(walk::variable).filter(n -> !n.isBlank())
                .orElse(walk.call.callerNumber());
        if (PhoneNumbers.normalize(number).isEmpty()) {
            walk.emit(new WalkEvent.ServiceFailed("requestCallback", "no number to call back"));
            walk.playPrompt(EnginePrompts.SERVICE_ERROR, "");
            return new Walk.Go(node.onError().node());
        }
        // The dialplan may have recorded when the caller joined the queue and app_queue where they stood.
        Optional<Instant> waitingSince = walk.telephony.getVariable("YIKOU_QUEUE_JOINED")
                .flatMap(ServiceSteps::parseLong).map(Instant::ofEpochSecond);
        OptionalInt position = walk.telephony.getVariable("QUEUEPOSITION").flatMap(ServiceSteps::parseLong)
                .map(p -> OptionalInt.of(p.intValue())).orElse(OptionalInt.empty());
        int priority = walk.telephony.getVariable("QUEUE_PRIO").flatMap(ServiceSteps::parseLong).map(Long::intValue)
                .orElse(walk.elderly ? walk.env.settings().elderlyPriorityBoost() : 0);
        CallbackRequest request = new CallbackRequest(walk.call, number, node.queue(), priority, walk.language,
                walk.elderly, walk.env.clock().instant(), waitingSince, position);
        CallbackReceipt receipt;
        try {
            receipt = walk.services.requestCallback(request);
        } catch (CallerHangupException e) {
            throw e;
        } catch (RuntimeException e) {
            failed(walk, "requestCallback", "queue " + node.queue(), e);
            return new Walk.Go(node.onError().node());
        }
        walk.callback = Optional.of(receipt);
        walk.store("callback-position", Integer.toString(receipt.position()));
        walk.store("callback-id", receipt.requestId());
        walk.emit(new WalkEvent.ServiceCalled("requestCallback", "request " + receipt.requestId()
                + " for " + PhoneNumbers.mask(number) + ", position " + receipt.position()));
        return new Walk.Go(node.next().node());
    }

    static Walk.Step elderlyCheck(Walk walk, FlowNode.ElderlyCheck node) {
        String caller = walk.call.callerNumber();
        boolean registered = walk.env.elderlyNumbers().contains(caller);
        if (!registered && !caller.isBlank()) {
            try {
                registered = walk.services.isRegisteredElderly(caller);
            } catch (CallerHangupException e) {
                throw e;
            } catch (RuntimeException e) {
                // Not knowing is treated as not registered; the caller can still choose elderly service.
                walk.emit(new WalkEvent.ServiceFailed("isRegisteredElderly", e.toString()));
                LOG.warn("{} Elderly-number check failed: {}", walk.logPrefix(), e.toString());
            }
        }
        walk.emit(new WalkEvent.ServiceCalled("isRegisteredElderly", registered ? "registered" : "not registered"));
        if (registered) {
            walk.setElderly(true);
            return new Walk.Go(node.registered().node());
        }
        return new Walk.Go(node.other().node());
    }

    private static void failed(Walk walk, String service, String subject, RuntimeException e) {
        walk.emit(new WalkEvent.ServiceFailed(service, e.toString()));
        LOG.error("{} Hotline service {} failed for {}", walk.logPrefix(), service, subject, e);
        walk.playPrompt(EnginePrompts.SERVICE_ERROR, "");
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Keeps letters, digits, '.' and '-' so a unique id can be a file name. */
    private static String safeName(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9.-]", "_");
        return safe.isEmpty() ? "call" : safe;
    }
}
