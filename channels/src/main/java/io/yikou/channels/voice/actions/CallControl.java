package io.yikou.channels.voice.actions;

import io.vertx.core.Future;
import io.yikou.channels.voice.ami.AmiAction;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiMessage;
import java.util.UUID;

/**
 * Call and queue control through AMI actions. Each method completes with Asterisk's response or
 * fails with an {@link io.yikou.channels.voice.ami.AmiException}: {@code ActionRejected} carries
 * Asterisk's own message ("Unable to add interface: Already there", "Interface not found"),
 * {@code NotConnected} and {@code Timeout} are retriable.
 */
public final class CallControl {

    private final AmiClient client;
    private final CallControlOptions options;

    public CallControl(AmiClient client, CallControlOptions options) {
        this.client = client;
        this.options = options;
    }

    /** Logs an agent into a queue as a dynamic member ({@code QueueAdd}). */
    public Future<AmiMessage> addMember(String queue, String memberInterface, String memberName,
                                        String stateInterface, Integer penalty, boolean paused) {
        return client.send(AmiAction.named("QueueAdd")
                .field("Queue", queue)
                .field("Interface", memberInterface)
                .field("MemberName", memberName)
                .field("StateInterface", stateInterface)
                .field("Penalty", penalty)
                .field("Paused", paused ? "true" : "false")
                .build());
    }

    /** Logs an agent out of a queue ({@code QueueRemove}). */
    public Future<AmiMessage> removeMember(String queue, String memberInterface) {
        return client.send(AmiAction.named("QueueRemove")
                .field("Queue", queue)
                .field("Interface", memberInterface)
                .build());
    }

    /**
     * Pauses or unpauses a member ({@code QueuePause}).
     *
     * @param queue  the queue, or {@code null} for every queue the member is in
     * @param reason shown as {@code PausedReason}; ignored when unpausing
     */
    public Future<AmiMessage> pause(String queue, String memberInterface, boolean paused, String reason) {
        return client.send(AmiAction.named("QueuePause")
                .field("Queue", queue)
                .field("Interface", memberInterface)
                .field("Paused", paused ? "true" : "false")
                .field("Reason", paused ? reason : null)
                .build());
    }

    /**
     * Calls a citizen back: rings the agent's phone first, then dials the citizen from the callback
     * context ({@code Originate} with {@code Async: true}).
     *
     * @return the response; the call's progress follows as {@code OriginateResponse} and channel events
     */
    public Future<AmiMessage> callback(String agentChannel, String citizenNumber, String callerId) {
        return client.send(AmiAction.named("Originate")
                .field("Channel", agentChannel)
                .field("Context", options.callbackContext())
                .field("Exten", citizenNumber)
                .field("Priority", 1)
                .field("CallerID", callerId)
                .field("Timeout", options.originateTimeout().toMillis())
                .field("ChannelId", UUID.randomUUID().toString())
                .field("Async", "true")
                .build());
    }

    /** Moves a channel to {@code context,exten,1} ({@code Redirect}): a blind transfer. */
    public Future<AmiMessage> redirect(String channel, String context, String exten) {
        return client.send(AmiAction.named("Redirect")
                .field("Channel", channel)
                .field("Context", context)
                .field("Exten", exten)
                .field("Priority", 1)
                .build());
    }

    /** Hangs up one channel ({@code Hangup}, cause 16 normal clearing). */
    public Future<AmiMessage> hangup(String channel) {
        return client.send(AmiAction.named("Hangup")
                .field("Channel", channel)
                .field("Cause", 16)
                .build());
    }

    /**
     * Rings the supervisor's phone and, when answered, runs ChanSpy on the agent's channel.
     *
     * @param supervisorChannel the supervisor's phone, such as {@code PJSIP/8001}
     * @param agentChannel      the exact agent channel to spy on, such as {@code PJSIP/1001-0000002a}
     */
    public Future<AmiMessage> spy(String supervisorChannel, String agentChannel, SpyMode mode) {
        return client.send(AmiAction.named("Originate")
                .field("Channel", supervisorChannel)
                .field("Application", "ChanSpy")
                .field("Data", agentChannel + ",u" + mode.options())
                .field("CallerID", options.spyCallerId())
                .field("Timeout", options.originateTimeout().toMillis())
                .field("Async", "true")
                .build());
    }

    public AmiClient client() {
        return client;
    }
}
