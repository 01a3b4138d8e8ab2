package io.yikou.ivr.flow;

import java.time.LocalTime;

/**
 * Opening time within one day, start inclusive and end exclusive. An end of {@code 24:00} is stored
 * as {@code endOfDay = true} because {@link LocalTime} cannot hold it.
 */
public record TimeRange(LocalTime start, LocalTime end, boolean endOfDay) {

    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && (endOfDay || time.isBefore(end));
    }

    @Override
    public String toString() {
        return start + "-" + (endOfDay ? "24:00" : end.toString());
    }
}
