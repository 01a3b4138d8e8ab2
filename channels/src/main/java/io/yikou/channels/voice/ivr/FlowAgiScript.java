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
 * and hands the result to the dialplan in channel variables:
 *
 * <ul>
 *   <li>{@code YIKOU_OUTCOME}: the flow's outcome ({@code queue}, {@code callback}, ...)</li>
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

    private final IvrRunner runner;
    private final VoiceContacts contacts;

    public FlowAgiScript(IvrRunner runner, VoiceContacts contacts) {
        this.runner = runner;
        this.contacts = contacts;
    }

    /** Returns the script for a flow name, or {@code null} when no such flow is loaded. */
    public io.yikou.channels.voice.agi.AgiScript forFlow(String flow) {
        return runner.has(flow) ? channel -> run(flow, channel) : null;
    }

    private void run(String flow, AgiChannel channel) throws Exception {
        AgiEnvironment env = channel.environment();
        String linkedid = channel.getVariable("CHANNEL(linkedid)").orElse(env.uniqueid());
        Contact contact = contacts.openForIvr(linkedid, env.callerNumber(), env.callerName(), env.dialledNumber())
                .toCompletionStage().toCompletableFuture().get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("[{}] Running flow {} for contact {} (caller {})", linkedid, flow, contact.id(),
                Masking.phone(env.callerNumber()));
        IvrResult result = new IvrResult("hangup", null, null, null, List.of(), List.of());
        try {
            result = runner.run(flow, channel, new IvrCall(contact.id(), linkedid, env.callerNumber(),
                    env.dialledNumber(), env.language()));
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
