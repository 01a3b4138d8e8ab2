package io.yikou.ivr.cli;

import io.yikou.ivr.flow.Dtmf;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.runtime.CallerHangupException;
import io.yikou.ivr.runtime.RecordingRequest;
import io.yikou.ivr.runtime.RecordingResult;
import io.yikou.ivr.runtime.Telephony;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated caller that follows a script, for the simulator and tests. It also logs the AGI
 * command each call would send, so tests can check the mapping onto AGI.
 *
 * <p>Script syntax: keys {@code 0-9 * # A-D} are key presses, {@code T} is a timeout (the caller
 * stays silent at one wait), {@code H} hangs up, and commas or spaces only separate groups for
 * readability. A key or {@code H} waits for the next prompt that accepts keys or the next wait
 * for input; a prompt that accepts the key is cut short. When the script runs out the caller stays silent, or
 * hangs up if so configured. At a recording the next action decides: the finish key or {@code H}
 * ends a spoken message with that key or a hang-up, {@code T} leaves it empty; otherwise the caller
 * speaks and falls silent.
 */
public final class ScriptedCaller implements Telephony {

    /** One scripted action. */
    public sealed interface Action {
    }

    public record Press(char key) implements Action {
    }

    public record Silence() implements Action {
    }

    public record HangUp() implements Action {
    }

    private final Deque<Action> script;
    private final boolean hangUpAtEnd;
    private final Duration messageLength;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();
    private boolean canSpeak;
    private boolean hungUp;

    /**
     * @param script        actions in order, see {@link #parse}
     * @param hangUpAtEnd   hang up when the script runs out instead of staying silent
     * @param messageLength how long a spoken voicemail message lasts
     */
    public ScriptedCaller(List<Action> script, boolean hangUpAtEnd, Duration messageLength) {
        this.script = new ArrayDeque<>(script);
        this.hangUpAtEnd = hangUpAtEnd;
        this.messageLength = messageLength;
    }

    /** Creates a caller who follows {@code script} and then stays silent; messages last 15 s. */
    public static ScriptedCaller of(String script) {
        return new ScriptedCaller(parse(script), false, Duration.ofSeconds(15));
    }

    /**
     * Parses a script such as {@code 1#}, {@code 2,9601020261204000123#,1} or {@code T,T,H}.
     *
     * @throws IllegalArgumentException naming the first character that is not a key, T, H, comma or space
     */
    public static List<Action> parse(String script) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == ',' || c == ' ') {
                continue;
            }
            if (c == 'T' || c == 't') {
                actions.add(new Silence());
            } else if (c == 'H' || c == 'h') {
                actions.add(new HangUp());
            } else if (Dtmf.isKey(c) && !Character.isLowerCase(c)) {
                actions.add(new Press(c));
            } else {
                throw new IllegalArgumentException("invalid character '" + c + "' at position " + (i + 1)
                        + " of the digit script: expected 0-9, *, #, T (timeout), H (hang up), comma or space");
            }
        }
        return actions;
    }

    /** Presets a channel variable, as the dialplan would have set it before the AGI. */
    public ScriptedCaller withVariable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** Makes {@link #canSpeak()} true, as with a TTS application configured. */
    public ScriptedCaller withSpeech() {
        this.canSpeak = true;
        return this;
    }

    /** Returns the AGI commands sent so far, one line each. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public boolean hungUp() {
        return hungUp;
    }

    /** Returns how many scripted actions were not used yet. */
    public int remaining() {
        return script.size();
    }

    @Override
    public void answer() {
        command("ANSWER");
    }

    @Override
    public Optional<Character> streamFile(String file, String escapeDigits) {
        command("STREAM FILE " + file + " \"" + escapeDigits + "\"");
        Action next = script.peek();
        if (next instanceof HangUp && !escapeDigits.isEmpty()) {
            script.poll();
            throw hangUp();
        }
        if (next instanceof Press press && escapeDigits.indexOf(press.key()) >= 0) {
            script.poll();
            return Optional.of(press.key());
        }
        return Optional.empty();
    }

    @Override
    public Optional<Character> waitForDigit(Duration timeout) {
        command("WAIT FOR DIGIT " + timeout.toMillis());
        Action next = script.poll();
        if (next == null) {
            if (hangUpAtEnd) {
                throw hangUp();
            }
            return Optional.empty();
        }
        if (next instanceof HangUp) {
            throw hangUp();
        }
        return next instanceof Press press ? Optional.of(press.key()) : Optional.empty();
    }

    @Override
    public RecordingResult recordFile(RecordingRequest request) {
        if (hungUp) {
            return new RecordingResult(RecordingResult.EndReason.CALLER_HUNG_UP, Duration.ZERO, Optional.empty());
        }
        commands.add("RECORD FILE " + request.file() + " " + request.format() + " \"" + request.escapeDigits() + "\" "
                + request.maxDuration().toMillis() + (request.beep() ? " BEEP" : "") + " s=" + request.silence().toSeconds());
        Action next = script.peek();
        if (next instanceof HangUp) {
            script.poll();
            hungUp = true;
            return new RecordingResult(RecordingResult.EndReason.CALLER_HUNG_UP, messageLength, Optional.empty());
        }
        if (next instanceof Silence) {
            script.poll();
            return new RecordingResult(RecordingResult.EndReason.SILENCE, Duration.ZERO, Optional.empty());
        }
        if (next instanceof Press press && request.escapeDigits().indexOf(press.key()) >= 0) {
            script.poll();
            return new RecordingResult(RecordingResult.EndReason.KEY_PRESSED, messageLength, Optional.of(press.key()));
        }
        return new RecordingResult(RecordingResult.EndReason.SILENCE, messageLength, Optional.empty());
    }

    @Override
    public void setVariable(String name, String value) {
        command("SET VARIABLE " + name + " \"" + value.replace("\"", "\\\"") + "\"");
        variables.put(name, value);
    }

    @Override
    public Optional<String> getVariable(String name) {
        command("GET VARIABLE " + name);
        return Optional.ofNullable(variables.get(name));
    }

    @Override
    public void hangup() {
        if (!hungUp) {
            commands.add("HANGUP");
        }
        hungUp = true;
    }

    @Override
    public boolean canSpeak() {
        return canSpeak;
    }

    @Override
    public Optional<Character> speak(String text, Language language, String escapeDigits) {
        if (!canSpeak) {
            throw new UnsupportedOperationException("this channel has no text-to-speech");
        }
        command("EXEC TTS \"" + text + "\"");
        return Optional.empty();
    }

    /** Logs a command; a command on a hung-up channel fails as Asterisk's 511 reply would. */
    private void command(String line) {
        if (hungUp) {
            throw new CallerHangupException("511 Command Not Permitted on a dead channel: " + line);
        }
        commands.add(line);
    }

    private CallerHangupException hangUp() {
        hungUp = true;
        return new CallerHangupException("the caller hung up");
    }
}
