package io.yikou.channels.voice.contact;

import io.vertx.core.Future;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.ContactStore;
import io.yikou.core.intake.IntakeResult;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.intake.PhoneNumbers;
import io.yikou.core.privacy.Masking;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.TicketType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a voicemail left in the IVR into a ticket through intake, and links ticket and call contact
 * both ways: the ticket carries the contact id and the recording, the contact lists the ticket.
 *
 * <p>The recording's file name is the idempotency key, so a flow that retries after a timeout gets
 * the same ticket back. Thread-safe.
 */
public final class VoicemailTickets {

    private static final Logger LOG = LoggerFactory.getLogger(VoicemailTickets.class);

    private final IntakeService intake;
    private final ContactStore contacts;
    private final Clock clock;

    public VoicemailTickets(IntakeService intake, ContactStore contacts, Clock clock) {
        this.intake = intake;
        this.contacts = contacts;
        this.clock = clock;
    }

    /**
     * Creates the ticket.
     *
     * @param contactId       the call's contact, or {@code null} when unknown
     * @param callerNumber    caller id number, or {@code null} when withheld
     * @param recordingFile   the recording's path on the Asterisk host, unique per message
     * @param durationSeconds length of the message
     */
    public Future<IntakeResult> submit(String contactId, String callerNumber, String recordingFile, int durationSeconds) {
        String phone = callerNumber == null ? null : PhoneNumbers.normalize(callerNumber).orElse(null);
        Map<String, String> externalIds = new LinkedHashMap<>();
        externalIds.put("voice.recording", recordingFile);
        if (contactId != null) {
            externalIds.put("voice.contact", contactId);
        }
        // NOTE: the demand type is unknown until an agent listens; 求助 is a placeholder the agent corrects.
        String description = "市民语音留言（时长 " + durationSeconds + " 秒），录音文件：" + recordingFile + "。请坐席收听后补充诉求内容。";
        var draft = new io.yikou.core.intake.TicketDraft(Channel.VOICE, TicketType.HELP, null, description, null, null,
                List.of(), phone == null ? null : new Reporter(null, phone), externalIds, false);
        return intake.submit(draft, "voice-voicemail", recordingFile)
                .compose(result -> {
                    String number = result.ticket().number();
                    LOG.info("Voicemail from {} became ticket {} (contact {})", Masking.phone(callerNumber), number,
                            contactId);
                    if (contactId == null) {
                        return Future.succeededFuture(result);
                    }
                    return contacts.modify(contactId, contact -> contact.attach(number, clock.instant())
                                    .withDetails(Map.of(VoiceDetails.VOICEMAIL_TICKET, number), clock.instant()))
                            .map(contact -> result);
                });
    }
}
