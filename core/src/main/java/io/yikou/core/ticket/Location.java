package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ticket's location: the address as the citizen gave it, an optional WGS-84 point, and the grid
 * cells that point resolved to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Location(String address, GeoPoint point, GridRef grid) {

    public Location {
        grid = grid == null ? GridRef.NONE : grid;
    }

    public static Location unknown() {
        return new Location(null, null, GridRef.NONE);
    }
}
