package io.yikou.ivr.calendar;

import java.time.LocalDate;
import java.util.List;

/**
 * One holiday break of a State Council notice.
 *
 * @param name               Chinese name as in the notice, such as 春节
 * @param nameEn             English name
 * @param from               first day off
 * @param to                 last day off, inclusive
 * @param makeUpWorkingDays  weekend days worked to make up for this break (调休上班)
 */
public record Holiday(String name, String nameEn, LocalDate from, LocalDate to, List<LocalDate> makeUpWorkingDays) {

    public Holiday {
        makeUpWorkingDays = List.copyOf(makeUpWorkingDays);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }
}
