package io.yikou.core.casesystem;

import io.yikou.core.contact.Channel;
import io.yikou.core.text.CodePoints;
import io.yikou.core.ticket.Ticket;

/** Builds the case-system request for a ticket. */
public final class CaseRequests {

    /** Appended to a description cut to the case system's limit. */
    public static final String TRUNCATION_MARK = "…（已截断）";

    private CaseRequests() {
    }

    public static CaseRequest of(Ticket ticket, CaseSystemOptions options) {
        String description = ticket.description();
        String cut = CodePoints.truncate(description, options.maxDescriptionChars(), TRUNCATION_MARK);
        String serviceCode = ticket.categoryCode() == null ? options.defaultServiceCode() : ticket.categoryCode();
        Channel first = ticket.channels().isEmpty() ? null : ticket.channels().get(0);
        return new CaseRequest(ticket.number(), serviceCode, ticket.type().code(), ticket.department(), cut,
                !cut.equals(description), ticket.location().address(), ticket.location().point(),
                ticket.location().grid(),
                ticket.reporter() == null ? null : ticket.reporter().name(),
                ticket.reporter() == null ? null : ticket.reporter().phone(),
                first == null ? null : first.code(), ticket.createdAt());
    }
}
