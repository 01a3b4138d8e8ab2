package io.yikou.channels.voice.contact;

import java.util.List;

/**
 * What an IVR session on a call produced, merged into the call's contact.
 *
 * @param flow     the flow that ran, such as {@code main-menu}
 * @param path     the flow's nodes in the order visited
 * @param choices  the digits the caller entered, in order
 * @param result   how the flow ended: {@code queue}, {@code callback}, {@code voicemail},
 *                 {@code self_served}, {@code hangup} or {@code failed}
 * @param queue    the queue the flow handed the call to, or {@code null}
 * @param priority queue priority the flow chose, or {@code null}
 * @param language language the caller chose, such as {@code zh} or {@code en}
 */
public record IvrRecord(String flow, List<String> path, List<String> choices, String result, String queue,
                        Integer priority, String language) {

    public IvrRecord {
        path = path == null ? List.of() : List.copyOf(path);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
