package io.yikou.channels.voice.desk;

import io.vertx.core.json.JsonObject;
import io.yikou.channels.voice.contact.VoiceDetails;
import io.yikou.channels.voice.contact.VoiceOutcome;
import io.yikou.channels.voice.live.LiveQueue;
import io.yikou.core.contact.Channel;
import io.yikou.core.contact.Contact;
import io.yikou.core.contact.ContactState;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Today's figures of each Asterisk queue for the wallboard: waiting callers from the live model, and
 * answered, abandoned, service level and handle time from the day's voice contacts.
 *
 * <p>Service level follows the wallboard contract: {@code answeredWithinTarget / (answered + abandoned)},
 * so calls abandoned within the target count against it too. Handle time is talk time only: the voice
 * side does not know the agent's wrap-up.
 */
public final class VoiceQueueFigures {

    private VoiceQueueFigures() {
    }

    /** Running totals of one queue. */
    static final class Totals {
        int waiting;
        long longestWaitSeconds;
        int answered;
        int abandoned;
        int answeredWithinTarget;
        long talkSeconds;
        int talkCalls;
        int target;

        JsonObject toJson(String queue) {
            return new JsonObject()
                    .put("queue", queue)
                    .put("waiting", waiting)
                    .put("longestWaitSeconds", longestWaitSeconds)
                    .put("answered", answered)
                    .put("abandoned", abandoned)
                    .put("answeredWithinTarget", answeredWithinTarget)
                    .put("serviceLevel", answered + abandoned == 0 ? null
                            : (double) answeredWithinTarget / (answered + abandoned))
                    .put("averageHandleSeconds", talkCalls == 0 ? null : Math.round((double) talkSeconds / talkCalls))
                    .put("serviceLevelSeconds", target);
        }
    }

    /**
     * Computes the figures of every queue seen live or in the contacts.
     *
     * @param queues        the live queues (waiting callers)
     * @param contacts      the day's contacts; other channels and contacts without a queue are skipped
     * @param targets       service-level target in seconds by queue name
     * @param defaultTarget target of a queue not in {@code targets}
     */
    public static Map<String, JsonObject> compute(Collection<LiveQueue> queues, Collection<Contact> contacts,
                                                  Map<String, Integer> targets, int defaultTarget) {
        Map<String, Totals> byQueue = new TreeMap<>();
        for (LiveQueue queue : queues) {
            Totals totals = byQueue.computeIfAbsent(queue.name(), name -> new Totals());
            totals.waiting = queue.waiting().size();
            for (LiveQueue.WaitingCaller caller : queue.waiting()) {
                totals.longestWaitSeconds = Math.max(totals.longestWaitSeconds, caller.waitSeconds());
            }
        }
        for (Contact contact : contacts) {
            if (contact.channel() != Channel.VOICE || !(contact.details().get(VoiceDetails.QUEUE) instanceof String queue)) {
                continue;
            }
            Totals totals = byQueue.computeIfAbsent(queue, name -> new Totals());
            int target = targets.getOrDefault(queue, defaultTarget);
            Map<String, Object> details = contact.details();
            boolean answered = details.get(VoiceDetails.ANSWERED_AT) != null && details.get(VoiceDetails.AGENT_INTERFACE) != null;
            if (answered) {
                totals.answered++;
                if (number(details.get(VoiceDetails.WAIT_SECONDS)) <= target) {
                    totals.answeredWithinTarget++;
                }
                if (details.get(VoiceDetails.TALK_SECONDS) != null) {
                    totals.talkSeconds += number(details.get(VoiceDetails.TALK_SECONDS));
                    totals.talkCalls++;
                }
            } else if (contact.state() == ContactState.ENDED
                    && VoiceOutcome.ABANDONED.code().equals(details.get(VoiceDetails.OUTCOME))) {
                totals.abandoned++;
            }
        }
        Map<String, JsonObject> result = new TreeMap<>();
        byQueue.forEach((queue, totals) -> {
            totals.target = targets.getOrDefault(queue, defaultTarget);
            result.put(queue, totals.toJson(queue));
        });
        return result;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
