package io.distlock.sample.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives {@code sample.report.cron} and {@code sample.report.min-hold} from
 * {@code sample.report.interval} (default 10 s) unless they are set, so that
 * the {@code @Scheduled} and {@code @DistributedLock} attributes of {@link ReportJob} are plain
 * placeholders. See {@link ReportSchedule}.
 */
public class ReportScheduleEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The interval when none is configured. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private static final String PROPERTY_SOURCE = "sampleReportSchedule";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Duration interval = Binder.get(environment).bind("sample.report.interval", Duration.class)
            .orElse(DEFAULT_INTERVAL);
        ReportSchedule schedule = new ReportSchedule(interval);
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("sample.report.interval", interval.toString());
        putIfAbsent(environment, derived, "sample.report.cron", schedule.cron());
        putIfAbsent(environment, derived, "sample.report.min-hold", schedule.minHold().toString());
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, derived));
    }

    private static void putIfAbsent(ConfigurableEnvironment environment, Map<String, Object> derived, String name,
            String value) {
        if (!environment.containsProperty(name)) {
            derived.put(name, value);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
