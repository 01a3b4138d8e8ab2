package io.yikou.channels.voice.ivr;

import io.yikou.channels.voice.agi.AgiChannel;
import io.yikou.channels.voice.agi.AgiEnvironment;
import io.yikou.ivr.IvrRuntime;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.IvrChoice;
import java.util.Optional;

/**
 * {@link IvrRunner} over the flow language's {@link IvrRuntime}: the engine walks the flow through
 * {@link AgiTelephony}, calls the hotline services, and sets the result channel variables itself.
 */
public final class FlowEngineRunner implements IvrRunner {

    private final IvrRuntime runtime;
    private final VoiceHotlineServices services;

    FlowEngineRunner(IvrRuntime runtime, VoiceHotlineServices services) {
        this.runtime = runtime;
        this.services = services;
    }

    @Override
    public boolean has(String flow) {
        return runtime.hasFlow(flow);
    }

    @Override
    public IvrResult run(String flow, AgiChannel channel, IvrCall call) {
        AgiEnvironment env = channel.environment();
        CallInfo info = new CallInfo(env.uniqueid() == null ? call.linkedid() : env.uniqueid(), env.channel(),
                call.callerNumber(), env.callerName(), call.dialledNumber(), Optional.ofNullable(call.contactId()));
        io.yikou.ivr.runtime.IvrResult result = runtime.run(flow, info, new AgiTelephony(channel), services);
        // The contact records voicemail and callback as the IVR's result; the dialplan reads YIKOU_OUTCOME.
        String outcome = result.voicemailTicket().isPresent() ? "voicemail"
                : result.callback().isPresent() ? "callback" : result.outcome().code();
        return new IvrResult(outcome, result.queue().orElse(null), result.priority(),
                result.language().tag(), result.path(),
                result.choices().stream().map(IvrChoice::input).toList(), !result.channelVariables().isEmpty());
    }
}
