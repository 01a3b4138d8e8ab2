package io.yikou.core.api;

import io.vertx.core.json.JsonObject;
import io.yikou.core.i18n.Messages;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.ticket.Ticket;
import java.util.Locale;

/** Renders tickets for the staff API: the stored record plus labels in the caller's language. */
public final class TicketJson {

    private TicketJson() {
    }

    public static JsonObject staffView(Ticket ticket, Messages messages, Locale locale) {
        JsonObject json = new JsonObject(JsonCodec.write(ticket));
        json.put("typeName", messages.get(locale, "type." + ticket.type().code()));
        json.put("statusName", messages.get(locale, "status." + ticket.status().code()));
        return json;
    }
}
