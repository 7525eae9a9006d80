package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessRegistryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void serversLeftRunningAreKilledAndCleanedUpWhenTheJvmExits() {
        try (ChildJvm child = ChildJvm.start(StartAndExitMain.class)) {
            long redisPid = Long.parseLong(child.awaitLine(line -> line.startsWith("pid "), TIMEOUT).substring(4));
            Path directory = Path.of(child.awaitLine(line -> line.startsWith("dir "), TIMEOUT).substring(4));

            assertThat(child.waitFor(TIMEOUT)).isZero();

            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(Files.exists(directory)).isFalse();
        }
    }
}
