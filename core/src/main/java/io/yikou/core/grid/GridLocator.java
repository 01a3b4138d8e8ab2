package io.yikou.core.grid;

import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;

/** Resolves a WGS-84 point to the deepest grid level the boundary data allows. Thread-safe. */
public interface GridLocator {

    /** Returns the street, community and grid containing the point, or {@link GridRef#NONE}. */
    GridRef locate(GeoPoint point);

    /**
     * Resolves an address by the area names it contains, such as 北新桥街道九道湾社区. Names count only in
     * full, with their 街道, 社区 or 网格 suffix. The result is the deepest level at which exactly one area
     * is named, with the areas above it taken from the data's parent codes; an address naming two areas
     * of one level resolves to their common parent. Returns {@link GridRef#NONE} when no name appears.
     */
    GridRef locateByName(String address);

    /** Returns how many areas of each level were loaded, for health and start-up logs. */
    java.util.Map<GridLevel, Integer> counts();
}
