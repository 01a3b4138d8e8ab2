package io.yikou.ivr.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HolidayCalendarTest {

    private static final HolidayCalendar CALENDAR = HolidayCalendar.bundled();

    @Test
    void makeUpSundayIsWorkingDay() {
        DayInfo day = CALENDAR.day(LocalDate.of(2026, 1, 4));

        assertThat(day.date().getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(day.kind()).isEqualTo(DayKind.MAKE_UP_WORKING_DAY);
        assertThat(day.holiday().map(Holiday::name)).hasValue("元旦");
        assertThat(CALENDAR.isWorkingDay(day.date())).isTrue();
    }

    @Test
    void springFestival2026DaysAreHolidays() {
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            DayInfo day = CALENDAR.day(d);
            assertThat(day.kind()).as("%s", d).isEqualTo(DayKind.HOLIDAY);
            assertThat(day.holiday().map(Holiday::name)).as("%s", d).hasValue("春节");
        }
        assertThat(CALENDAR.day(LocalDate.of(2026, 2, 14)).kind()).isEqualTo(DayKind.MAKE_UP_WORKING_DAY);
        assertThat(CALENDAR.day(LocalDate.of(2026, 2, 28)).kind()).isEqualTo(DayKind.MAKE_UP_WORKING_DAY);
        assertThat(CALENDAR.day(LocalDate.of(2026, 2, 24)).kind()).isEqualTo(DayKind.WORKING_DAY);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2025-01-01, HOLIDAY", "2025-01-26, MAKE_UP_WORKING_DAY", "2025-01-28, HOLIDAY", "2025-02-04, HOLIDAY",
        "2025-02-08, MAKE_UP_WORKING_DAY", "2025-04-27, MAKE_UP_WORKING_DAY", "2025-05-05, HOLIDAY",
        "2025-06-02, HOLIDAY", "2025-09-28, MAKE_UP_WORKING_DAY", "2025-10-08, HOLIDAY",
        "2025-10-11, MAKE_UP_WORKING_DAY", "2025-10-09, WORKING_DAY", "2025-10-12, REST_DAY",
        "2026-01-03, HOLIDAY", "2026-04-06, HOLIDAY", "2026-05-09, MAKE_UP_WORKING_DAY",
        "2026-06-19, HOLIDAY", "2026-09-20, MAKE_UP_WORKING_DAY", "2026-09-25, HOLIDAY",
        "2026-10-07, HOLIDAY", "2026-10-10, MAKE_UP_WORKING_DAY", "2026-12-04, WORKING_DAY",
        "2026-12-05, REST_DAY"})
    void bundledDaysAreClassified(LocalDate date, DayKind kind) {
        assertThat(CALENDAR.day(date).kind()).isEqualTo(kind);
    }

    @Test
    void bundledYearsHaveExpectedTotals() {
        Map<Integer, int[]> totals = new TreeMap<>();
        for (int year : List.of(2025, 2026)) {
            int holidays = 0;
            int makeUp = 0;
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                DayKind kind = CALENDAR.day(d).kind();
                holidays += kind == DayKind.HOLIDAY ? 1 : 0;
                makeUp += kind == DayKind.MAKE_UP_WORKING_DAY ? 1 : 0;
            }
            totals.put(year, new int[] {holidays, makeUp});
        }

        // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off, 5 make-up days; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7, 6 make-up days.
        assertThat(totals.get(2025)).containsExactly(28, 5);
        assertThat(totals.get(2026)).containsExactly(33, 6);
    }

    @Test
    void unconfiguredYearFallsBackToWeekdays() {
        DayInfo monday = CALENDAR.day(LocalDate.of(2030, 1, 7));
        DayInfo sunday = CALENDAR.day(LocalDate.of(2030, 1, 6));

        assertThat(monday.yearConfigured()).isFalse();
        assertThat(monday.kind()).isEqualTo(DayKind.WORKING_DAY);
        assertThat(sunday.kind()).isEqualTo(DayKind.REST_DAY);
    }

    @Test
    void overrideFileReplacesYear() {
        HolidayFileParser.Result result = HolidayFileParser.parse("cn-2026.yaml", """
                year: 2026
                source: test
                holidays:
                  - name: 测试假日
                    from: 2026-12-04
                    to: 2026-12-04
                    make-up-working-days: [2026-12-05]
                """);
        assertThat(result.problems()).isEmpty();

        HolidayCalendar calendar = CALENDAR.withYears(List.of(result.year().orElseThrow()));

        assertThat(calendar.day(LocalDate.of(2026, 12, 4)).kind()).isEqualTo(DayKind.HOLIDAY);
        assertThat(calendar.day(LocalDate.of(2026, 12, 5)).kind()).isEqualTo(DayKind.MAKE_UP_WORKING_DAY);
        assertThat(calendar.day(LocalDate.of(2026, 2, 17)).kind()).isEqualTo(DayKind.WORKING_DAY);
        assertThat(calendar.day(LocalDate.of(2025, 1, 28)).kind()).isEqualTo(DayKind.HOLIDAY);
    }

    @Test
    void invalidFileReportsEveryProblem() {
        HolidayFileParser.Result result = HolidayFileParser.parse("bad.yaml", """
                year: 2027
                holidays:
                  - name: 春节
                    from: 2027-02-10
                    to: 2027-02-05
                  - name: 劳动节
                    from: 2027-05-01
                    to: 2027-05-05
                    make-up-working-days: [2027-05-03, 2027-04-28, 2027-13-01]
                  - name: 重叠
                    from: 2027-05-04
                    to: 2027-05-06
                    colour: red
                """);

        assertThat(result.problems()).extracting(FlowProblem -> FlowProblem.code()).contains("missing-field",
                "invalid-date", "overlapping-holidays", "unknown-field");
        assertThat(result.problems()).anyMatch(p -> p.message().contains("2027-04-28 is a WEDNESDAY"));
        assertThat(result.problems()).anyMatch(p -> p.message().contains("2027-05-03 of 劳动节 lies inside"));
        assertThat(result.problems()).anyMatch(p -> p.message().contains("ends on 2027-02-05, before it starts"));
        assertThat(result.problems()).anyMatch(p -> p.source().line() == 13 && p.code().equals("unknown-field"));
    }
}
