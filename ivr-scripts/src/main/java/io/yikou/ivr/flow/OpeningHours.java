package io.yikou.ivr.flow;

import java.time.LocalTime;
import java.util.List;

/**
 * When a {@code business-hours} node counts the hotline as open, per kind of day. Make-up working
 * days (调休上班) use the working-day hours; an empty list means closed all day.
 *
 * @param workingDays Monday to Friday that are not holidays, and make-up working days
 * @param restDays    Saturdays and Sundays that are not make-up working days
 * @param holidays    public holidays from the holiday calendar
 */
public record OpeningHours(List<TimeRange> workingDays, List<TimeRange> restDays, List<TimeRange> holidays) {

    public OpeningHours {
        workingDays = List.copyOf(workingDays);
        restDays = List.copyOf(restDays);
        holidays = List.copyOf(holidays);
    }

    static boolean anyContains(List<TimeRange> ranges, LocalTime time) {
        return ranges.stream().anyMatch(r -> r.contains(time));
    }
}
