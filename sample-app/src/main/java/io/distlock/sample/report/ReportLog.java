package io.distlock.sample.report;

import java.time.Instant;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The reports of all instances, in one Redis list ({@value #KEY}), one entry
 * {@code <instance>:<window start>} per report; the newest {@value #KEPT} are kept.
 */
@Component
public class ReportLog {

    /** The Redis list. */
    public static final String KEY = "sample:reports";

    private static final int KEPT = 100;

    private final StringRedisTemplate redis;

    /**
     * Creates the log.
     * @param redis the Redis the locks live in
     */
    public ReportLog(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Appends a report.
     * @param instance the instance that wrote it
     * @param window the start of its window
     */
    public void append(String instance, Instant window) {
        redis.opsForList().rightPush(KEY, instance + ":" + window);
        redis.opsForList().trim(KEY, -KEPT, -1);
    }

    /**
     * The newest entries.
     * @param count how many at most
     * @return entries, oldest first
     */
    public List<String> recent(int count) {
        List<String> entries = redis.opsForList().range(KEY, -count, -1);
        return entries == null ? List.of() : entries;
    }
}
