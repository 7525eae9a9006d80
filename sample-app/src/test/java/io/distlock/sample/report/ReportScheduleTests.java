package io.distlock.sample.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The report's schedule derived from its interval.
 */
class ReportScheduleTests {

    @Test
    void firesAtMultiplesOfTheIntervalOnTheClock() {
        assertThat(new ReportSchedule(Duration.ofSeconds(2)).cron()).isEqualTo("*/2 * * * * *");
        assertThat(new ReportSchedule(Duration.ofSeconds(10)).cron()).isEqualTo("*/10 * * * * *");
        assertThat(new ReportSchedule(Duration.ofMinutes(1)).cron()).isEqualTo("0 */1 * * * *");
        assertThat(new ReportSchedule(Duration.ofMinutes(15)).cron()).isEqualTo("0 */15 * * * *");
        assertThat(new ReportSchedule(Duration.ofHours(6)).cron()).isEqualTo("0 0 */6 * * *");
        assertThat(new ReportSchedule(Duration.ofDays(1)).cron()).isEqualTo("0 0 */24 * * *");
    }

    @Test
    void holdsTheLockForABitLessThanTheInterval() {
        assertThat(new ReportSchedule(Duration.ofSeconds(2)).minHold()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new ReportSchedule(Duration.ofSeconds(10)).minHold()).isEqualTo(Duration.ofSeconds(9));
        assertThat(new ReportSchedule(Duration.ofMinutes(1)).minHold()).isEqualTo(Duration.ofSeconds(59));
    }

    @Test
    void rejectsIntervalsThatDoNotDivideTheClock() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReportSchedule(Duration.ofSeconds(7)))
            .withMessageContaining("sample.report.interval");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReportSchedule(Duration.ofMillis(1500)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReportSchedule(Duration.ofMinutes(7)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReportSchedule(Duration.ZERO));
    }

    @Test
    void namesTheWindowOfAnInstantByItsStart() {
        ReportSchedule schedule = new ReportSchedule(Duration.ofSeconds(10));

        assertThat(schedule.windowOf(Instant.parse("2026-01-01T10:00:19.999Z")))
            .isEqualTo(Instant.parse("2026-01-01T10:00:10Z"));
    }
}
