package io.yikou.core.grid;

import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;

/** Resolves a WGS-84 point to the deepest grid level the boundary data allows. Thread-safe. */
public interface GridLocator {

    /** Returns the street, community and grid containing the point, or {@link GridRef#NONE}. */
    GridRef locate(GeoPoint point);

    /** Returns how many areas of each level were loaded, for health and start-up logs. */
    java.util.Map<GridLevel, Integer> counts();
}
