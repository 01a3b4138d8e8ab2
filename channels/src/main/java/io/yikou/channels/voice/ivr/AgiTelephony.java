package io.yikou.channels.voice.ivr;

import io.yikou.channels.voice.agi.AgiChannel;
import io.yikou.channels.voice.agi.AgiException;
import io.yikou.channels.voice.agi.AgiQuoting;
import io.yikou.channels.voice.agi.AgiReply;
import io.yikou.ivr.runtime.CallerHangupException;
import io.yikou.ivr.runtime.RecordingRequest;
import io.yikou.ivr.runtime.RecordingResult;
import io.yikou.ivr.runtime.Telephony;
import io.yikou.ivr.runtime.TelephonyException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow engine's {@link Telephony} over a FastAGI session: one AGI command per method, with
 * the session's hang-up signals ({@code HANGUP}, {@code 511}, a closed socket) turned into
 * {@link CallerHangupException} and other failures into {@link TelephonyException}.
 */
final class AgiTelephony implements Telephony {

    private static final Logger LOG = LoggerFactory.getLogger(AgiTelephony.class);

    private final AgiChannel channel;

    AgiTelephony(AgiChannel channel) {
        this.channel = channel;
    }

    @Override
    public void answer() {
        call(() -> {
            channel.answer();
            return null;
        });
    }

    @Override
    public Optional<Character> streamFile(String file, String escapeDigits) {
        AgiReply reply = call(() -> channel.command("STREAM FILE " + AgiQuoting.arg(file) + " "
                + AgiQuoting.quoted(escapeDigits)));
        int result = reply.resultInt(0);
        if (result < 0) {
            // Protocol fact: a missing file answers result=-1 endpos=0; a hang-up mid-prompt gives endpos > 0.
            if ("0".equals(reply.attributes().get("endpos")) && !channel.isHungUp()) {
                LOG.warn("[{}] Prompt {} could not be played (missing file?)", channel.environment().uniqueid(), file);
                return Optional.empty();
            }
            throw new CallerHangupException("caller hung up during " + file);
        }
        return result == 0 ? Optional.empty() : Optional.of((char) result);
    }

    @Override
    public Optional<Character> waitForDigit(Duration timeout) {
        AgiReply reply = call(() -> channel.command("WAIT FOR DIGIT " + timeout.toMillis()));
        int result = reply.resultInt(0);
        if (result < 0) {
            throw new CallerHangupException("caller hung up while waiting for a key");
        }
        return result == 0 ? Optional.empty() : Optional.of((char) result);
    }

    @Override
    public RecordingResult recordFile(RecordingRequest request) {
        StringBuilder line = new StringBuilder("RECORD FILE ").append(AgiQuoting.arg(request.file())).append(' ')
                .append(AgiQuoting.arg(request.format())).append(' ').append(AgiQuoting.quoted(request.escapeDigits()))
                .append(' ').append(request.maxDuration().toMillis());
        if (request.beep()) {
            line.append(" BEEP");
        }
        if (!request.silence().isZero()) {
            line.append(" s=").append(request.silence().toSeconds());
        }
        AgiReply reply;
        try {
            reply = channel.command(line.toString());
        } catch (AgiException.Hangup e) {
            return new RecordingResult(RecordingResult.EndReason.CALLER_HUNG_UP, Duration.ZERO, Optional.empty());
        } catch (AgiException e) {
            throw new TelephonyException(e.getMessage(), e);
        }
        // Protocol fact: endpos counts samples; the recording formats Asterisk writes here are 8 kHz.
        Duration length = Duration.ofMillis(parseLong(reply.attributes().get("endpos")) / 8);
        int result = reply.resultInt(0);
        if (result < 0 || "hangup".equals(reply.data())) {
            return new RecordingResult(RecordingResult.EndReason.CALLER_HUNG_UP, length, Optional.empty());
        }
        if (result > 0 && !"timeout".equals(reply.data())) {
            return new RecordingResult(RecordingResult.EndReason.KEY_PRESSED, length, Optional.of((char) result));
        }
        return new RecordingResult(RecordingResult.EndReason.MAX_DURATION, length, Optional.empty());
    }

    @Override
    public void setVariable(String name, String value) {
        call(() -> {
            channel.setVariable(name, value);
            return null;
        });
    }

    @Override
    public Optional<String> getVariable(String name) {
        return call(() -> channel.getVariable(name));
    }

    @Override
    public void hangup() {
        try {
            channel.hangup();
        } catch (AgiException e) {
            LOG.debug("[{}] HANGUP on a channel that is already gone: {}", channel.environment().uniqueid(),
                    e.getMessage());
        }
    }

    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (AgiException.Hangup e) {
            throw new CallerHangupException(e.getMessage());
        } catch (AgiException e) {
            throw new TelephonyException(e.getMessage(), e);
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
