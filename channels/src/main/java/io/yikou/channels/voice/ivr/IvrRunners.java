package io.yikou.channels.voice.ivr;

import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.contact.VoicemailTickets;
import io.yikou.core.module.ModuleContext;
import io.yikou.ivr.IvrOptions;
import io.yikou.ivr.IvrRuntime;

/** Builds the runner of the 96010 flows from the {@code voice.ivr.*} options. */
public final class IvrRunners {

    private IvrRunners() {
    }

    /**
     * Loads the flows, prompts, holiday calendar and elderly list; blocks on file reads, so call it
     * on a worker thread.
     *
     * @throws io.yikou.ivr.validate.FlowValidationException when a catalogue, calendar or list file is invalid
     */
    public static IvrRunner load(IvrOptions options, ModuleContext context, VoiceContacts contacts) {
        IvrRuntime runtime = IvrRuntime.start(options, context.clock());
        VoicemailTickets voicemails = new VoicemailTickets(context.intake(), context.contacts(), context.clock());
        return new FlowEngineRunner(runtime,
                new VoiceHotlineServices(context.tickets(), voicemails, contacts, context.redis()));
    }
}
