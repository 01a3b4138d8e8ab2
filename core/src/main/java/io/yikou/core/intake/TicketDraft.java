package io.yikou.core.intake;

import io.yikou.core.contact.Channel;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.TicketType;
import java.util.List;
import java.util.Map;

/**
 * A ticket as a channel or an agent submits it, before validation, numbering and grid lookup.
 *
 * @param channel                where it came from
 * @param type                   demand type, {@code null} when the citizen did not say (rejected)
 * @param categoryCode           a leaf of the category tree, or {@code null}
 * @param description            the citizen's words
 * @param address                address text, or {@code null}
 * @param point                  WGS-84 position, or {@code null}
 * @param attachments            files already checked and stored
 * @param reporter               contact details, or {@code null} for anonymous reports
 * @param externalIds            the channel's own ids for it, such as {@code wechat.msgid}
 * @param resolvedAtFirstContact a consultation the agent answered on the spot, closed without routing
 */
public record TicketDraft(Channel channel, TicketType type, String categoryCode, String description,
                          String address, GeoPoint point, List<Attachment> attachments, Reporter reporter,
                          Map<String, String> externalIds, boolean resolvedAtFirstContact) {

    public TicketDraft {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        externalIds = externalIds == null ? Map.of() : Map.copyOf(externalIds);
    }
}
