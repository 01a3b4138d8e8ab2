package io.yikou.ivr.calendar;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Classification of one date by the calendar.
 *
 * @param date           the date
 * @param kind           working day, make-up working day, rest day or holiday
 * @param holiday        the holiday this date belongs to: a holiday day, or the break a make-up day makes up for
 * @param yearConfigured false when no calendar covers the date's year, so only weekends were considered
 */
public record DayInfo(LocalDate date, DayKind kind, Optional<Holiday> holiday, boolean yearConfigured) {
}
