package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The district grid cells containing a ticket's location, as deep as boundary data allows:
 * street (街道), community (社区) and unit grid (网格). Levels without data stay {@code null}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GridRef(String streetCode, String streetName,
                      String communityCode, String communityName,
                      String gridCode, String gridName) {

    public static final GridRef NONE = new GridRef(null, null, null, null, null, null);

    /** Tells whether the location resolved to at least a street. */
    @JsonIgnore
    public boolean isResolved() {
        return streetCode != null;
    }
}
