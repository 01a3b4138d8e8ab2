package io.yikou.ivr.runtime;

import io.yikou.ivr.flow.Language;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outcome of a walk and the caller's inputs, for the dialplan and the call's contact record.
 *
 * @param outcome          how the walk ended
 * @param flow             the flow the walk started with
 * @param queue            the queue to put the caller in, for {@link Outcome#TRANSFER}
 * @param priority         queue priority, elderly boost included
 * @param language         the language at the end
 * @param elderly          whether elderly mode was on at the end
 * @param contactId        the call's contact id, as given in {@link CallInfo}
 * @param path             visited nodes as {@code flow/node}, in order
 * @param choices          inputs the caller gave, in order
 * @param voicemailTicket  the ticket a voicemail became
 * @param callback         the callback request recorded
 * @param survey           the satisfaction rating given
 * @param error            why the walk failed, for {@link Outcome#FAILED}
 * @param channelVariables the variables the engine set on the channel at the end (empty when the
 *                         caller had hung up); see {@code docs/ivr.md}
 */
public record IvrResult(Outcome outcome, String flow, Optional<String> queue, int priority, Language language,
                        boolean elderly, Optional<String> contactId, List<String> path, List<IvrChoice> choices,
                        Optional<String> voicemailTicket, Optional<CallbackReceipt> callback,
                        Optional<SurveyRating> survey, Optional<String> error, Map<String, String> channelVariables) {

    public IvrResult {
        path = List.copyOf(path);
        choices = List.copyOf(choices);
        channelVariables = Collections.unmodifiableMap(new LinkedHashMap<>(channelVariables));
    }

    /** Ways a walk ends. */
    public enum Outcome {
        /** A transfer node handed the caller to a queue; the dialplan runs {@code Queue(${YIKOU_QUEUE})}. */
        TRANSFER("transfer"),
        /** A hangup node ended the call: the caller was served by the IVR. */
        HANGUP("hangup"),
        /** The flow returned to the dialplan without a queue. */
        RETURNED("returned"),
        /** The caller hung up during the walk. */
        CALLER_HUNG_UP("caller-hung-up"),
        /** The walk failed (unknown flow, step limit, telephony error); the dialplan should queue the caller. */
        FAILED("failed");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        /** Returns the value of {@code YIKOU_OUTCOME}. */
        public String code() {
            return code;
        }
    }
}
