package io.yikou.kb.duplicate;

import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;

/**
 * Fields of one ticket that same-incident matching compares.
 *
 * @param number        ticket number
 * @param text          terms of the ticket's description
 * @param createdAt     intake time
 * @param point         reported position, or {@code null}
 * @param streetCode    grid street, or {@code null}
 * @param communityCode grid community, or {@code null}
 * @param gridCode      unit grid, or {@code null}
 * @param categoryCode  category code (a leaf such as {@code H0104} or a top-level class such as {@code H01}),
 *                      or {@code null} while unclassified
 */
public record IncidentRecord(String number, IncidentText text, Instant createdAt, GeoPoint point,
                             String streetCode, String communityCode, String gridCode, String categoryCode) {
}
