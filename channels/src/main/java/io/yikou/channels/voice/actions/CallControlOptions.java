package io.yikou.channels.voice.actions;

import java.time.Duration;

/**
 * Dialplan names and limits that call control uses.
 *
 * @param callbackContext  context that dials a citizen's number for callbacks, such as {@code callback}
 * @param originateTimeout how long the agent's or supervisor's phone rings before Originate gives up
 * @param spyCallerId      caller id the supervisor's phone shows for a monitoring call
 */
public record CallControlOptions(String callbackContext, Duration originateTimeout, String spyCallerId) {

    public static CallControlOptions defaults() {
        return new CallControlOptions("callback", Duration.ofSeconds(30), "\"监听\" <9000>");
    }
}
