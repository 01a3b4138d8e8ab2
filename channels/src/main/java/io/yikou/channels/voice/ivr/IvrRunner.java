package io.yikou.channels.voice.ivr;

import io.yikou.channels.voice.agi.AgiChannel;

/**
 * Runs IVR flows by name on a FastAGI channel: the seam between the voice channel and the flow
 * language. The voice channel owns the protocol, the contact and the result variables; the runner
 * owns what the caller hears and presses.
 */
public interface IvrRunner {

    /** Tells whether a flow with this name is loaded. */
    boolean has(String flow);

    /**
     * Runs a flow to its end on the calling worker thread.
     *
     * @throws io.yikou.channels.voice.agi.AgiException.Hangup when the caller hangs up; the runner
     *         lets it propagate
     */
    IvrResult run(String flow, AgiChannel channel, IvrCall call);

    /** A runner without flows, used when no flow module is on the classpath. */
    static IvrRunner none() {
        return new IvrRunner() {
            @Override
            public boolean has(String flow) {
                return false;
            }

            @Override
            public IvrResult run(String flow, AgiChannel channel, IvrCall call) {
                throw new IllegalStateException("no IVR flows are loaded");
            }
        };
    }
}
