package io.yikou.ivr.runtime;

import io.yikou.ivr.calendar.DayInfo;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.SourceRef;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Steps of a walk, reported as they happen, for the simulator's trace, tests and logs.
 * Inputs of {@code sensitive} collect nodes arrive masked.
 */
public sealed interface WalkEvent {

    record NodeEntered(String flow, String node, String type, SourceRef source) implements WalkEvent {
    }

    record PromptPlayed(String promptId, String file, String text, Optional<Character> interruptedBy)
            implements WalkEvent {
    }

    record TextSpoken(String text, Optional<Character> interruptedBy) implements WalkEvent {
    }

    record InputReceived(String node, String input) implements WalkEvent {
    }

    record NoInput(String node, int attempt, int attempts) implements WalkEvent {
    }

    record InvalidInput(String node, String input, String reason, int attempt, int attempts) implements WalkEvent {
    }

    record Exhausted(String node) implements WalkEvent {
    }

    record VariableSet(String name, String value, boolean channelVariable) implements WalkEvent {
    }

    record ModeChanged(Language language, boolean elderly) implements WalkEvent {
    }

    record HoursChecked(LocalDateTime at, DayInfo day, boolean open) implements WalkEvent {
    }

    /** A hotline service returned; {@code summary} describes the result with personal data masked. */
    record ServiceCalled(String service, String summary) implements WalkEvent {
    }

    record ServiceFailed(String service, String error) implements WalkEvent {
    }

    record Recorded(String file, RecordingResult result) implements WalkEvent {
    }

    record Finished(IvrResult result) implements WalkEvent {
    }
}
