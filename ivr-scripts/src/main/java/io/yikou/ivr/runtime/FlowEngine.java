package io.yikou.ivr.runtime;

import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.runtime.impl.Walk;
import java.time.Clock;
import java.util.Objects;

/**
 * Walks flows against a call. Immutable and thread-safe: one engine serves every FastAGI session,
 * each {@link #run} call walks one call on the calling thread and returns when the walk ends.
 *
 * <p>The walk ends at a transfer, hangup or top-level return node, when the caller hangs up
 * ({@link CallerHangupException} from {@link Telephony}, or the thread is interrupted), when a
 * telephony command fails, or after {@link EngineSettings#maxSteps()} nodes. Every ending is an
 * {@link IvrResult}: runtime exceptions from the telephony, the services or the engine itself
 * become a {@link IvrResult.Outcome#FAILED} result. Before returning, the walk sets the result's
 * channel variables on the channel, unless the caller hung up.
 */
public final class FlowEngine {

    private final FlowSet flows;
    private final PromptCatalogue prompts;
    private final HolidayCalendar calendar;
    private final ElderlyNumbers elderlyNumbers;
    private final Clock clock;
    private final EngineSettings settings;

    public FlowEngine(FlowSet flows, PromptCatalogue prompts, HolidayCalendar calendar, ElderlyNumbers elderlyNumbers,
                      Clock clock, EngineSettings settings) {
        this.flows = Objects.requireNonNull(flows, "flows");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.elderlyNumbers = Objects.requireNonNull(elderlyNumbers, "elderlyNumbers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Walks {@code flowName} for one call; see the class comment for how a walk ends. */
    public IvrResult run(String flowName, CallInfo call, Telephony telephony, HotlineServices services) {
        return run(flowName, call, telephony, services, WalkListener.NONE);
    }

    /** Walks {@code flowName} for one call, reporting each step to {@code listener}. */
    public IvrResult run(String flowName, CallInfo call, Telephony telephony, HotlineServices services,
                         WalkListener listener) {
        Walk walk = new Walk(new Walk.Environment(flows, prompts, calendar, elderlyNumbers, clock, settings),
                call, telephony, services, listener);
        return walk.run(flowName);
    }

    public FlowSet flows() {
        return flows;
    }

    public PromptCatalogue prompts() {
        return prompts;
    }

    public HolidayCalendar calendar() {
        return calendar;
    }

    public ElderlyNumbers elderlyNumbers() {
        return elderlyNumbers;
    }

    public EngineSettings settings() {
        return settings;
    }
}
