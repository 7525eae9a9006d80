package io.distlock.sample.report;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Scheduled}, for the {@link ReportJob}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ReportConfiguration {
}
