package io.yikou.channels.voice.live;

import java.time.Instant;

/**
 * A queue member (an agent's phone in one queue). Immutable snapshot.
 *
 * @param memberInterface the interface app_queue rings, such as {@code PJSIP/1001}
 * @param name            member name, such as 张伟
 * @param membership      {@code static}, {@code dynamic} or {@code realtime}
 * @param pausedReason    reason of the current pause; {@code null} when not paused
 * @param pausedSince     start of the current pause; {@code null} when not paused
 * @param currentCall     Linkedid of the call the member is ringing for or talking on, or {@code null}
 */
public record LiveMember(String queue, String memberInterface, String name, String stateInterface,
                         String membership, int penalty, MemberStatus status, boolean paused, String pausedReason,
                         Instant pausedSince, boolean inCall, int callsTaken, String currentCall) {
}
