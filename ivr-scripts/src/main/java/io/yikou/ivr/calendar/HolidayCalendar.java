package io.yikou.ivr.calendar;

import io.yikou.ivr.validate.FlowValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chinese public holidays and make-up working days (调休) per year, as the State Council publishes
 * them each November for the next year. Years without data fall back to Monday-Friday working days.
 * Immutable and thread-safe.
 */
public final class HolidayCalendar {

    /** Years shipped in the module, read from {@code io/yikou/ivr/calendar/cn-<year>.yaml}. */
    public static final List<Integer> BUNDLED_YEARS = List.of(2025, 2026);

    private final Map<Integer, HolidayYear> years;
    private final Map<LocalDate, Holiday> holidayDays = new HashMap<>();
    private final Map<LocalDate, Holiday> makeUpDays = new HashMap<>();

    private HolidayCalendar(Map<Integer, HolidayYear> years) {
        this.years = Collections.unmodifiableMap(new TreeMap<>(years));
        for (HolidayYear year : this.years.values()) {
            for (Holiday holiday : year.holidays()) {
                for (LocalDate d = holiday.from(); !d.isAfter(holiday.to()); d = d.plusDays(1)) {
                    holidayDays.put(d, holiday);
                    makeUpDays.remove(d);
                }
                for (LocalDate d : holiday.makeUpWorkingDays()) {
                    makeUpDays.put(d, holiday);
                    holidayDays.remove(d);
                }
            }
        }
    }

    /** Returns a calendar of exactly these years; a later entry for the same year wins. */
    public static HolidayCalendar of(List<HolidayYear> years) {
        Map<Integer, HolidayYear> byYear = new TreeMap<>();
        years.forEach(y -> byYear.put(y.year(), y));
        return new HolidayCalendar(byYear);
    }

    /**
     * Loads the bundled years.
     *
     * @throws FlowValidationException if a bundled file is broken (a build mistake)
     */
    public static HolidayCalendar bundled() {
        List<HolidayYear> years = new ArrayList<>();
        for (int year : BUNDLED_YEARS) {
            String resource = "io/yikou/ivr/calendar/cn-" + year + ".yaml";
            try (InputStream in = HolidayCalendar.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("holiday calendar " + resource + " is missing from the classpath");
                }
                HolidayFileParser.Result result = HolidayFileParser.parse(resource,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (result.year().isEmpty() || result.hasErrors()) {
                    throw new FlowValidationException("the bundled holiday calendar " + resource, result.problems());
                }
                years.add(result.year().get());
            } catch (IOException e) {
                throw new UncheckedIOException("failed to read " + resource, e);
            }
        }
        return of(years);
    }

    /** Returns a calendar with these years added, replacing any year already present. */
    public HolidayCalendar withYears(List<HolidayYear> overrides) {
        Map<Integer, HolidayYear> merged = new TreeMap<>(years);
        overrides.forEach(y -> merged.put(y.year(), y));
        return new HolidayCalendar(merged);
    }

    /** Classifies a date. */
    public DayInfo day(LocalDate date) {
        boolean configured = isConfigured(date.getYear());
        Holiday holiday = holidayDays.get(date);
        if (holiday != null) {
            return new DayInfo(date, DayKind.HOLIDAY, Optional.of(holiday), configured);
        }
        Holiday madeUp = makeUpDays.get(date);
        if (madeUp != null) {
            return new DayInfo(date, DayKind.MAKE_UP_WORKING_DAY, Optional.of(madeUp), configured);
        }
        DayOfWeek dow = date.getDayOfWeek();
        DayKind kind = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? DayKind.REST_DAY : DayKind.WORKING_DAY;
        return new DayInfo(date, kind, Optional.empty(), configured);
    }

    public boolean isWorkingDay(LocalDate date) {
        return day(date).kind().isWorkingDay();
    }

    /** Tells whether a notice for {@code year} is loaded. */
    public boolean isConfigured(int year) {
        return years.containsKey(year);
    }

    public Set<Integer> years() {
        return Collections.unmodifiableSet(new TreeSet<>(years.keySet()));
    }

    public Optional<HolidayYear> year(int year) {
        return Optional.ofNullable(years.get(year));
    }
}
