package io.yikou.ivr.calendar;

import java.util.List;

/**
 * The holiday arrangement of one year.
 *
 * @param year     the year the notice is for
 * @param source   the notice's title, number and date
 * @param holidays the breaks in date order
 */
public record HolidayYear(int year, String source, List<Holiday> holidays) {

    public HolidayYear {
        holidays = List.copyOf(holidays);
    }
}
