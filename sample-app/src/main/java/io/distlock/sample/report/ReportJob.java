package io.distlock.sample.report;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.distlock.LockHandle;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;
import io.distlock.annotation.LockFailureAction;
import io.distlock.sample.demo.ShopInstance;

/**
 * The sales report, scheduled on every instance at the same instants (every
 * {@code sample.report.interval}, on the clock) and written by one of them per window: the lock
 * {@code report:daily} is tried once ({@code waitTime = "0s"}); the winner keeps it for a bit less
 * than the interval ({@code minHoldTime}) even though the report takes milliseconds, so the other
 * instances, firing at the same moment, find it taken and skip; at the next window it is free
 * again. {@code sample.report.enabled=false} turns the job off.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.report.enabled", matchIfMissing = true)
public class ReportJob {

    private static final Log LOG = LogFactory.getLog(ReportJob.class);

    private final ReportSchedule schedule;

    private final SalesFigures figures;

    private final ReportLog reports;

    private final ShopInstance instance;

    /**
     * Creates the job.
     * @param interval {@code sample.report.interval}
     * @param figures what the report says
     * @param reports where it is written
     * @param instance this instance
     */
    public ReportJob(@Value("${sample.report.interval}") Duration interval, SalesFigures figures, ReportLog reports,
            ShopInstance instance) {
        this.schedule = new ReportSchedule(interval);
        this.figures = figures;
        this.reports = reports;
        this.instance = instance;
    }

    /**
     * Writes this window's report, if this instance won the window's lock.
     */
    @Scheduled(cron = "${sample.report.cron}", zone = "UTC")
    @DistributedLock(name = "report", key = "'daily'", waitTime = "0s", minHoldTime = "${sample.report.min-hold}",
            onFailure = LockFailureAction.SKIP)
    public void publish() {
        Instant window = schedule.windowOf(Instant.now());
        long fencingToken = DistributedLocks.currentHandle().map(LockHandle::fencingToken).orElse(-1L);
        reports.append(instance.id(), window);
        LOG.info("Report for window " + window + " written by " + instance.id() + " (fencing token " + fencingToken
                + "): " + figures.summary());
    }
}
