package io.yikou.channels.voice.live;

import java.time.Instant;
import java.util.List;

/**
 * A call as the live model sees it: every channel sharing one Asterisk {@code Linkedid} (the
 * citizen's leg, Local channel halves, agent legs, transfer targets). Immutable snapshot.
 *
 * @param linkedid       Asterisk's id tying the legs together; the call's key
 * @param inbound        the first channel entered an inbound context, so the call is a citizen's contact
 * @param dialledNumber  extension the first channel dialled, such as 96010
 * @param callerNumber   caller id number, {@code null} when withheld or unknown
 * @param callerName     caller id name; {@code null} when absent or not valid UTF-8
 * @param startedAt      when the first channel appeared (clock of this node)
 * @param answeredAt     when an agent answered, or {@code null}
 * @param endedAt        when the last channel hung up, or {@code null}
 * @param channels       live legs, oldest first
 * @param ivr            a FastAGI IVR ran on the call
 * @param queue          the queue the caller joined, or {@code null}
 * @param holdSeconds    wait in the queue as app_queue counted it, or {@code null}
 * @param agentInterface member interface that answered, such as {@code PJSIP/1001}
 * @param agentName      member name that answered, such as 张伟
 * @param talkSeconds    talk time from {@code AgentComplete}, or {@code null}
 * @param abandoned      the caller hung up while waiting in the queue
 * @param transferTarget {@code context,extension} the call was transferred or redirected to
 * @param endReason      who ended the agent call ({@code caller}, {@code agent}, {@code transfer}),
 *                       or {@code interrupted} when Asterisk restarted under it
 */
public record LiveCall(String linkedid, boolean inbound, String dialledNumber, String callerNumber,
                       String callerName, Instant startedAt, Instant answeredAt, Instant endedAt,
                       List<LiveChannel> channels, boolean ivr, String queue, Integer holdSeconds,
                       String agentInterface, String agentName, Integer talkSeconds, boolean abandoned,
                       String transferTarget, String endReason) {

    public LiveCall {
        channels = List.copyOf(channels);
    }
}
