package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void readsLinesPausesResumesAndKills() {
        try (ChildJvm child = ChildJvm.builder(PrintingMain.class).args("one", "two").systemProperty("greeting", "hi there").start()) {
            assertThat(child.awaitLine("ready"::equals, TIMEOUT)).isEqualTo("ready");
            assertThat(child.lines()).startsWith("arg one", "arg two", "greeting hi there", "ready");
            child.awaitLine("tick 3"::equals, TIMEOUT);

            child.pause();
            assertThat(child.isPaused()).isTrue();
            int[] seen = new int[1];
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> {
                int now = child.lines().size();
                boolean settled = now == seen[0];
                seen[0] = now;
                return settled;
            });
            List<String> linesWhilePaused = child.lines();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> child.lines().equals(linesWhilePaused));

            child.resume();
            String lastTick = linesWhilePaused.get(linesWhilePaused.size() - 1);
            int nextTick = Integer.parseInt(lastTick.substring("tick ".length())) + 1;
            child.awaitLine(("tick " + nextTick)::equals, TIMEOUT);

            child.kill();
            assertThat(child.isAlive()).isFalse();
            assertThat(ProcessHandle.of(child.pid())).isEmpty();
        }
    }

    @Test
    void reportsExitCodeAndStderrOfAFailingChild() {
        try (ChildJvm child = ChildJvm.start(PrintingMain.class, "fail")) {
            assertThatThrownBy(() -> child.awaitLine("ready"::equals, TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("arg fail")
                    .hasMessageContaining("boom: failing on purpose");
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(3);
            assertThat(Files.exists(child.stderrFile())).isTrue();
            child.close();
            assertThat(Files.exists(child.stderrFile())).isFalse();
        }
    }

    @Test
    void awaitLineTimesOut() {
        try (ChildJvm child = ChildJvm.start(PrintingMain.class)) {
            assertThatThrownBy(() -> child.awaitLine("never"::equals, Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no matching line within 300 ms");
        }
    }
}
