package io.yikou.ivr.calendar;

/** Kind of a date for the hotline's opening hours. */
public enum DayKind {
    /** Monday to Friday that is not a public holiday. */
    WORKING_DAY,
    /** A Saturday or Sunday that the State Council made a working day (调休上班). */
    MAKE_UP_WORKING_DAY,
    /** A Saturday or Sunday that is not a make-up working day and not inside a holiday. */
    REST_DAY,
    /** A day of a public holiday break (放假), including weekend days inside the break. */
    HOLIDAY;

    public boolean isWorkingDay() {
        return this == WORKING_DAY || this == MAKE_UP_WORKING_DAY;
    }

    /** The word used in the flow variable {@code day-kind}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
