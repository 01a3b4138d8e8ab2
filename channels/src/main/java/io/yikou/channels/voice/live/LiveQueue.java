package io.yikou.channels.voice.live;

import java.util.List;

/**
 * A queue with its waiting callers (by position) and members. Immutable snapshot.
 *
 * @param completed calls answered and finished, from the latest {@code QueueParams}
 * @param abandoned calls abandoned, from the latest {@code QueueParams} plus those seen since
 */
public record LiveQueue(String name, String strategy, int completed, int abandoned, List<WaitingCaller> waiting,
                        List<LiveMember> members) {

    public LiveQueue {
        waiting = List.copyOf(waiting);
        members = List.copyOf(members);
    }

    /**
     * A caller waiting in the queue.
     *
     * @param position    1 for the next caller to be served
     * @param waitSeconds wait so far, computed at snapshot time
     */
    public record WaitingCaller(String uniqueid, String linkedid, int position, String callerNumber,
                                String callerName, long waitSeconds) {
    }
}
