package io.yikou.channels.voice.ivr;

import io.yikou.channels.voice.agi.AgiChannel;
import io.yikou.channels.voice.agi.AgiEnvironment;
import io.yikou.channels.voice.agi.AgiException;
import io.yikou.channels.voice.contact.IvrRecord;
import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.core.contact.Contact;
import io.yikou.core.privacy.Masking;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI script behind {@code agi://host:4573/<flow>}: finds the call's contact, runs the flow,
 * and hands the result to the dialplan in channel variables. The flow engine sets them itself; for
 * a runner that does not, this script sets:
 *
 * <ul>
 *   <li>{@code YIKOU_OUTCOME}: the flow's outcome ({@code transfer}, {@code hangup}, ...)</li>
 *   <li>{@code YIKOU_QUEUE} and {@code YIKOU_PRIORITY}: where to queue the call</li>
 *   <li>{@code YIKOU_CONTACT_ID}: the contact, for screen pops and CDR userfield</li>
 *   <li>{@code YIKOU_LANGUAGE}: the language the caller chose</li>
 * </ul>
 *
 * <p>The contact gets the IVR path and choices even when the caller hangs up mid-flow; that write
 * goes to Redis, not to the dead channel.
 */
public final class FlowAgiScript {

    private static final Logger LOG = LoggerFactory.getLogger(FlowAgiScript.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

    private volatile IvrRunner runner;
    private final VoiceContacts contacts;

    public FlowAgiScript(IvrRunner runner, VoiceContacts contacts) {
        this.runner = runner;
        this.contacts = contacts;
    }

    /** Replaces the runner, for flows loaded after the server started. */
    public void runner(IvrRunner value) {
        this.runner = value;
    }

    /** Returns the script for a flow name, or {@code null} when no such flow is loaded. */
    public io.yikou.channels.voice.agi.AgiScript forFlow(String flow) {
        IvrRunner current = runner;
        return current.has(flow) ? channel -> run(current, flow, channel) : null;
    }

    private void run(IvrRunner runner, String flow, AgiChannel channel) throws Exception {
        AgiEnvironment env = channel.environment();
        String linkedid = channel.getVariable("CHANNEL(linkedid)").orElse(env.uniqueid());
        Contact contact = contacts.openForIvr(linkedid, env.callerNumber(), env.callerName(), env.dialledNumber())
                .toCompletionStage().toCompletableFuture().get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("[{}] Running flow {} for contact {} (caller {})", linkedid, flow, contact.id(),
                Masking.phone(env.callerNumber()));
        IvrResult result = new IvrResult("caller-hung-up", null, null, null, List.of(), List.of(), false);
        try {
            result = runner.run(flow, channel, new IvrCall(contact.id(), linkedid, env.callerNumber(),
                    env.dialledNumber(), env.language()));
            if (result.channelVariablesSet() || channel.isHungUp()) {
                return;
            }
            channel.setVariable("YIKOU_CONTACT_ID", contact.id());
            channel.setVariable("YIKOU_OUTCOME", result.outcome());
            if (result.queue() != null) {
                channel.setVariable("YIKOU_QUEUE", result.queue());
            }
            if (result.priority() != null) {
                channel.setVariable("YIKOU_PRIORITY", String.valueOf(result.priority()));
            }
            if (result.language() != null) {
                channel.setVariable("YIKOU_LANGUAGE", result.language());
            }
        } catch (AgiException.Hangup e) {
            LOG.debug("[{}] Caller hung up during flow {}", linkedid, flow);
            throw e;
        } finally {
            IvrResult recorded = result;
            contacts.recordIvr(contact.id(), new IvrRecord(flow, recorded.path(), recorded.choices(),
                            recorded.outcome(), recorded.queue(), recorded.priority(), recorded.language()))
                    .onFailure(error -> LOG.error("[{}] Could not store the IVR record of contact {}: {}", linkedid,
                            contact.id(), error.toString()));
        }
    }
}
