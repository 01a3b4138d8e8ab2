package io.yikou.core.casesystem;

import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import java.time.Instant;

/**
 * The request Yikou sends the case system for one ticket.
 *
 * @param ticketNumber         the ticket number, also the idempotency key of every attempt
 * @param serviceCode          category code, or the configured default for uncategorised tickets
 * @param type                 demand type code, such as {@code complaint}
 * @param department           code of the department responsible for the category, or {@code null}
 * @param description          the citizen's words, cut to the case system's limit by code point
 * @param descriptionTruncated whether the description was cut
 * @param address              address text, or {@code null}
 * @param point                WGS-84 position, or {@code null}
 * @param grid                 resolved street, community and grid
 * @param reporterName         citizen's name, or {@code null}
 * @param reporterPhone        citizen's phone, or {@code null}
 * @param channel              channel the ticket came through first
 * @param createdAt            intake time
 */
public record CaseRequest(String ticketNumber, String serviceCode, String type, String department,
                          String description, boolean descriptionTruncated, String address, GeoPoint point,
                          GridRef grid, String reporterName, String reporterPhone, String channel,
                          Instant createdAt) {
}
