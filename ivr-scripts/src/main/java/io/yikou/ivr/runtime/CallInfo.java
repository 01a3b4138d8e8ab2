package io.yikou.ivr.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Facts about the call when the walk starts, from the AGI environment and the voice channel.
 *
 * @param uniqueId      {@code agi_uniqueid}; names recordings and tags log lines
 * @param channel       {@code agi_channel}
 * @param callerNumber  {@code agi_callerid}, or empty when withheld ({@code unknown})
 * @param callerName    {@code agi_calleridname}, UTF-8 as sent
 * @param dialledNumber {@code agi_dnid}, or {@code agi_extension} when the DNID is {@code unknown}
 * @param contactId     the voice contact the channel created for this call, if any
 */
public record CallInfo(String uniqueId, String channel, String callerNumber, String callerName,
                       String dialledNumber, Optional<String> contactId) {

    public CallInfo {
        Objects.requireNonNull(uniqueId, "uniqueId");
        channel = Objects.requireNonNullElse(channel, "");
        callerNumber = Objects.requireNonNullElse(callerNumber, "");
        callerName = Objects.requireNonNullElse(callerName, "");
        dialledNumber = Objects.requireNonNullElse(dialledNumber, "");
        contactId = Objects.requireNonNullElse(contactId, Optional.empty());
    }
}
