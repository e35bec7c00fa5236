package io.mercator.learning;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Thai public holidays of 2025 to 2027, a fixed calendar: buying behaviour changes on long
 * weekends and festivals (Songkran above all), so the ranker gets a holiday flag.
 *
 * <p>The Buddhist holidays follow the lunar calendar; their dates here are the ones announced
 * (2025, 2026) or expected from the full moons (2027) and should be checked against the cabinet's
 * announcement when it comes. A holiday that falls on a Saturday or Sunday gives a substitution
 * day on the next working day, as the government usually grants. Dates outside 2025..2027 are
 * never holidays: the flag is 0 there rather than a guess.
 */
public final class ThaiHolidays {

    /** Local time of the features: Thailand is UTC+7 all year. */
    public static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
    public static final int FIRST_YEAR = 2025;
    public static final int LAST_YEAR = 2027;

    private static final List<String> OBSERVED = List.of(
            // 2025
            "2025-01-01", "2025-02-12", "2025-04-06", "2025-04-13", "2025-04-14", "2025-04-15", "2025-05-01",
            "2025-05-04", "2025-05-11", "2025-06-03", "2025-07-10", "2025-07-11", "2025-07-28", "2025-08-12",
            "2025-10-13", "2025-10-23", "2025-12-05", "2025-12-10", "2025-12-31",
            // 2026
            "2026-01-01", "2026-03-03", "2026-04-06", "2026-04-13", "2026-04-14", "2026-04-15", "2026-05-01",
            "2026-05-04", "2026-05-31", "2026-06-03", "2026-07-28", "2026-07-29", "2026-07-30", "2026-08-12",
            "2026-10-13", "2026-10-23", "2026-12-05", "2026-12-10", "2026-12-31",
            // 2027 (lunar dates from the full moons)
            "2027-01-01", "2027-02-20", "2027-04-06", "2027-04-13", "2027-04-14", "2027-04-15", "2027-05-01",
            "2027-05-04", "2027-05-20", "2027-06-03", "2027-07-18", "2027-07-19", "2027-07-28", "2027-08-12",
            "2027-10-13", "2027-10-23", "2027-12-05", "2027-12-10", "2027-12-31");

    private static final Set<LocalDate> DAYS = build();

    private ThaiHolidays() {
    }

    private static Set<LocalDate> build() {
        Set<LocalDate> holidays = new HashSet<>();
        for (String d : OBSERVED) {
            holidays.add(LocalDate.parse(d));
        }
        Set<LocalDate> all = new HashSet<>(holidays);
        for (String d : OBSERVED) {
            LocalDate day = LocalDate.parse(d);
            if (isWeekend(day)) {
                LocalDate sub = day.plusDays(1);
                while (isWeekend(sub) || all.contains(sub)) {
                    sub = sub.plusDays(1);
                }
                all.add(sub);
            }
        }
        return Set.copyOf(all);
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** True for a public holiday or its substitution day (local Thai date). */
    public static boolean isHoliday(LocalDate date) {
        return DAYS.contains(date);
    }

    /** True when the instant falls on a holiday in Bangkok. */
    public static boolean isHoliday(long epochMillis) {
        return isHoliday(java.time.Instant.ofEpochMilli(epochMillis).atZone(BANGKOK).toLocalDate());
    }
}
