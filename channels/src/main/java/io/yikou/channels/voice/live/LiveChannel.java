package io.yikou.channels.voice.live;

/**
 * One Asterisk channel (a leg of a call). Immutable snapshot.
 *
 * @param uniqueid  Asterisk's id of this channel, {@code epoch.sequence}
 * @param state     channel state text as Asterisk reports it ({@code Ring}, {@code Up}...)
 * @param bridgeId  the bridge it is in, or {@code null}
 */
public record LiveChannel(String uniqueid, String linkedid, String name, String state, String callerNumber,
                          String callerName, String context, String exten, String bridgeId) {
}
