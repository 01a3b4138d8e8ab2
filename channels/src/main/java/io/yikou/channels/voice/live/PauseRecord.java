package io.yikou.channels.voice.live;

import java.time.Instant;

/**
 * One finished pause of a queue member: the reason given when pausing and how long it lasted.
 *
 * @param reason  the pause reason, such as 小休; {@code null} when the agent gave none
 * @param from    start, from {@code LastPause} when Asterisk reported it
 * @param to      end
 */
public record PauseRecord(String queue, String memberInterface, String reason, Instant from, Instant to) {

    public long seconds() {
        return Math.max(0, to.getEpochSecond() - from.getEpochSecond());
    }
}
