package io.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.sample.report.ReportLog;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Two instances of the shop against one real redis-server, with a 4-second report interval (the
 * lock is kept for 3 s): every window gets exactly one report.
 */
class ReportJobTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static final Duration INTERVAL = Duration.ofSeconds(4);

    private static final int WINDOWS = 3;

    @Test
    void twoInstancesWriteExactlyOneReportPerWindow() {
        String[] reportOn = { "--sample.report.enabled=true", "--sample.report.interval=4s" };
        try (RunningShop a = RunningShop.start(redis.port(), with(reportOn, "--sample.instance-id=shop-a"));
                RunningShop b = RunningShop.start(redis.port(), with(reportOn, "--sample.instance-id=shop-b"))) {
            // Both run; skip this window and the next, so that the first lock calls (connection set-up) are behind them.
            Instant first = windowOf(Instant.now()).plus(INTERVAL.multipliedBy(2));
            Instant last = first.plus(INTERVAL.multipliedBy(WINDOWS - 1));
            await().atMost(INTERVAL.multipliedBy(WINDOWS + 6))
                .until(() -> reportsByWindow().keySet().stream().anyMatch(window -> !window.isBefore(last)));

            Map<Instant, List<String>> byWindow = reportsByWindow();
            for (Instant window = first; !window.isAfter(last); window = window.plus(INTERVAL)) {
                assertThat(byWindow.get(window)).as("reports of window %s in %s", window, byWindow).hasSize(1);
            }
            assertThat(byWindow.values()).as("no window has two reports: %s", byWindow)
                .allSatisfy(instances -> assertThat(instances).hasSize(1));
        }
    }

    private static Map<Instant, List<String>> reportsByWindow() {
        @SuppressWarnings("unchecked")
        List<Object> entries = (List<Object>) redis.server().command("LRANGE", ReportLog.KEY, "0", "-1");
        return entries.stream().map(String.class::cast).collect(Collectors.groupingBy(
                entry -> Instant.parse(entry.substring(entry.indexOf(':') + 1)), TreeMap::new,
                Collectors.mapping(entry -> entry.substring(0, entry.indexOf(':')), Collectors.toList())));
    }

    private static Instant windowOf(Instant instant) {
        long millis = INTERVAL.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), millis) * millis);
    }

    private static String[] with(String[] args, String more) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
