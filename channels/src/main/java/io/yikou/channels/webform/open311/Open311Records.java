package io.yikou.channels.webform.open311;

import io.yikou.core.category.Category;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.category.Department;
import io.yikou.core.contact.Channel;
import io.yikou.core.i18n.Messages;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders tickets, categories and the endpoint itself as GeoReport v2 documents.
 *
 * <p>What the open GETs show is fixed here: a request's number, status, service, description,
 * department, notice, times, address, point and media URL. Phone numbers, names, e-mail addresses
 * and internal ids are never rendered. Only tickets filed through Open311 are shown at all (see
 * {@link #isPublic}).
 */
final class Open311Records {

    /** Specification URL that discovery documents name, as the service discovery spec shows it. */
    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

    /** Last change of this endpoint's behaviour, reported as the discovery changeset. */
    static final String CHANGESET = "2026-12-04T00:00:00+08:00";

    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final CategoryTree categories;
    private final Messages coreMessages;
    private final Messages open311Messages;
    private final ZoneId zone;

    Open311Records(CategoryTree categories, Messages coreMessages, Messages open311Messages, ZoneId zone) {
        this.categories = categories;
        this.coreMessages = coreMessages;
        this.open311Messages = open311Messages;
        this.zone = zone;
    }

    /**
     * Tells whether the open GETs may show a ticket: only tickets first filed through Open311. A
     * client of a public API publishes its request by filing it, as GeoReport v2 intends. A citizen
     * who phoned or wrote to the hotline agreed to no such publication, and agents' notes of a call
     * often contain names and room numbers.
     */
    static boolean isPublic(Ticket ticket) {
        return !ticket.channels().isEmpty() && ticket.channels().get(0) == Channel.OPEN311;
    }

    /** Maps our lifecycle to Open311's two statuses: closed once handling is over, open before. */
    static String status(TicketStatus status) {
        return switch (status) {
            case CLOSED, EVALUATED, RESOLVED_AT_FIRST_CONTACT, MERGED_AS_DUPLICATE -> "closed";
            case NEW, ROUTED, ACCEPTED, DISPATCHED, HANDLED, ROUTING_FAILED -> "open";
        };
    }

    /** Formats a time as a W3C date-time with the hotline's offset, such as 2026-12-04T09:30:00+08:00. */
    String time(Instant instant) {
        return W3C.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime());
    }

    /** Renders one service request for the GETs. */
    Open311Document.Fields request(Ticket ticket, Locale locale) {
        Category service = ticket.categoryCode() == null ? null : categories.find(ticket.categoryCode()).orElse(null);
        Map<String, String> external = ticket.externalIds();
        Open311Document.Fields record = new Open311Document.Fields()
                .put("service_request_id", ticket.number())
                .put("status", status(ticket.status()))
                .put("status_notes", coreMessages.get(locale, "status." + ticket.status().code()))
                .put("service_name", service == null ? null : service.name())
                .put("service_code", ticket.categoryCode())
                .put("description", ticket.description())
                .put("agency_responsible", departmentName(ticket.department()))
                .put("service_notice", ticket.caseRef() == null ? null : ticket.caseRef().notice())
                .put("requested_datetime", time(ticket.createdAt()))
                .put("updated_datetime", time(ticket.updatedAt()))
                .put("address", ticket.location().address())
                .put("address_id", external.get(Open311Api.EXTERNAL_ADDRESS_ID));
        if (ticket.location().point() != null) {
            record.put("lat", ticket.location().point().lat()).put("long", ticket.location().point().lon());
        }
        return record.put("media_url", external.get(Open311Api.EXTERNAL_MEDIA_URL));
    }

    private String departmentName(String code) {
        if (code == null) {
            return null;
        }
        for (Department department : categories.departments()) {
            if (department.code().equals(code)) {
                return department.name();
            }
        }
        return code;
    }

    /** Renders the service list: every leaf category, grouped by its top-level class. */
    Open311Document services(Locale locale) {
        List<Open311Document.Fields> services = new ArrayList<>();
        for (Category leaf : categories.leaves()) {
            services.add(service(leaf, locale));
        }
        return new Open311Document("services", new Open311Document.Items("service", services));
    }

    private Open311Document.Fields service(Category leaf, Locale locale) {
        List<String> path = categories.path(leaf.code());
        String department = leaf.department() == null ? null : leaf.department().name();
        List<String> keywords = new ArrayList<>(path);
        if (department != null) {
            keywords.add(department);
        }
        return new Open311Document.Fields()
                .put("service_code", leaf.code())
                .put("service_name", leaf.name())
                .put("description", open311Messages.get(locale, "service.description", String.join(" / ", path),
                        department == null ? "-" : department))
                .put("metadata", false)
                .put("type", "realtime")
                .put("keywords", String.join(",", keywords))
                .put("group", path.get(0));
    }

    /** Renders a service definition: the optional attributes every service accepts. */
    Open311Document definition(Category leaf, Locale locale) {
        List<Open311Document.Fields> values = new ArrayList<>();
        for (TicketType type : TicketType.values()) {
            values.add(new Open311Document.Fields()
                    .put("key", type.code())
                    .put("name", coreMessages.get(locale, "type." + type.code())));
        }
        Open311Document.Fields ticketType = new Open311Document.Fields()
                .put("variable", true)
                .put("code", Open311Api.ATTRIBUTE_TICKET_TYPE)
                .put("datatype", "singlevaluelist")
                .put("required", false)
                .put("datatype_description", open311Messages.get(locale, "attribute.ticket_type.datatype"))
                .put("order", 1)
                .put("description", open311Messages.get(locale, "attribute.ticket_type.description"))
                .put("values", new Open311Document.Items("value", values));
        Open311Document.Fields externalId = new Open311Document.Fields()
                .put("variable", true)
                .put("code", Open311Api.ATTRIBUTE_EXTERNAL_ID)
                .put("datatype", "string")
                .put("required", false)
                .put("datatype_description", open311Messages.get(locale, "attribute.external_id.datatype",
                        io.yikou.core.idempotency.IdempotencyKey.MAX_LENGTH))
                .put("order", 2)
                .put("description", open311Messages.get(locale, "attribute.external_id.description"));
        return new Open311Document("service_definition", new Open311Document.Fields()
                .put("service_code", leaf.code())
                .put("attributes", new Open311Document.Items("attribute", List.of(ticketType, externalId))));
    }

    /** Renders the discovery document for an endpoint reached at {@code endpointUrl}. */
    Open311Document discovery(String endpointUrl, Locale locale) {
        Open311Document.Fields endpoint = new Open311Document.Fields()
                .put("specification", SPECIFICATION)
                .put("url", endpointUrl)
                .put("changeset", CHANGESET)
                .put("type", "production")
                .put("formats", new Open311Document.Items("format", List.of("text/xml", "application/json")));
        return new Open311Document("discovery", new Open311Document.Fields()
                .put("changeset", CHANGESET)
                .put("contact", open311Messages.get(locale, "discovery.contact"))
                .put("key_service", open311Messages.get(locale, "discovery.key_service"))
                .put("endpoints", new Open311Document.Items("endpoint", List.of(endpoint))));
    }
}
