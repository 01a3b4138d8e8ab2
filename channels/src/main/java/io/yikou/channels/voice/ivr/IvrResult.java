package io.yikou.channels.voice.ivr;

import java.util.List;

/**
 * The end state of a flow, handed back to the dialplan as channel variables and stored on the contact.
 *
 * @param outcome  the flow engine's outcome code, such as {@code transfer}, {@code hangup} or
 *                 {@code caller-hung-up}
 * @param queue    queue to transfer to, for {@code queue}
 * @param priority queue priority, higher first (elderly callers get a raised one)
 * @param language language the caller chose, such as {@code zh} or {@code en}
 * @param path     node ids in the order visited
 * @param choices  digits the caller entered, in order
 * @param channelVariablesSet the runner already set the result variables on the channel
 */
public record IvrResult(String outcome, String queue, Integer priority, String language, List<String> path,
                        List<String> choices, boolean channelVariablesSet) {

    public IvrResult {
        path = path == null ? List.of() : List.copyOf(path);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
