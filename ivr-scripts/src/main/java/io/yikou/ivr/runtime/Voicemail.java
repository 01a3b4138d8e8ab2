package io.yikou.ivr.runtime;

import io.yikou.ivr.flow.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded message to turn into a ticket.
 *
 * @param call          the call it was recorded on
 * @param recordingFile path as Asterisk wrote it, with the format's extension
 * @param length        recorded audio
 * @param language      the language the caller chose
 * @param elderly       whether the caller was in elderly mode
 * @param recordedAt    when the recording ended
 * @param ivrPath       the nodes the caller went through, as {@code flow/node}
 * @param callerHungUp  true when the caller hung up to end the message
 */
public record Voicemail(CallInfo call, String recordingFile, Duration length, Language language, boolean elderly,
                        Instant recordedAt, List<String> ivrPath, boolean callerHungUp) {

    public Voicemail {
        ivrPath = List.copyOf(ivrPath);
    }

    public Optional<String> contactId() {
        return call.contactId();
    }
}
