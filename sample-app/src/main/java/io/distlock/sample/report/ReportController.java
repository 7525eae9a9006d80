package io.distlock.sample.report;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports}: the newest reports of all instances.
 */
@RestController
public class ReportController {

    private static final int SHOWN = 20;

    private final ReportLog reports;

    private final String interval;

    /**
     * Creates the controller.
     * @param reports the reports in Redis
     * @param interval {@code sample.report.interval}
     */
    public ReportController(ReportLog reports, @Value("${sample.report.interval}") String interval) {
        this.reports = reports;
        this.interval = interval;
    }

    /**
     * The newest reports.
     * @return the interval and the newest entries, oldest first
     */
    @GetMapping("/api/reports")
    public Reports reports() {
        return new Reports(interval, reports.recent(SHOWN));
    }

    /**
     * Reports.
     * @param interval the report interval
     * @param entries {@code <instance>:<window start>}, oldest first
     */
    public record Reports(String interval, List<String> entries) {
    }
}
