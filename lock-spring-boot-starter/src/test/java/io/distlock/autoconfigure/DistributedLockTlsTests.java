package io.distlock.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;
import io.distlock.test.redis.FreePorts;
import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisServer;
import io.distlock.test.junit.TlsSupport;
import io.distlock.test.tls.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS through Boot's own settings: {@code spring.data.redis.ssl.bundle} for a single Redis, and
 * {@code distributed-lock.redlock.ssl-bundle} for {@code rediss://} Redlock nodes, against real
 * TLS redis-servers with a certificate made at test time. Skipped, saying why, when the
 * redis-server binary has no TLS.
 */
class DistributedLockTlsTests {

    @TempDir
    static Path directory;

    private static final List<RedisServer> servers = new ArrayList<>();

    private static final List<Integer> tlsPorts = new ArrayList<>();

    private static TestCertificates certificates;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class))
        .withPropertyValues("spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.certificate());

    @BeforeAll
    static void startTlsServers() {
        certificates = TestCertificates.create(directory);
        if (!RedisBinary.resolve().supportsTls()) {
            return; // each test is then skipped, visibly, by requireTls()
        }
        for (int i = 0; i < 3; i++) {
            int tlsPort = FreePorts.find();
            servers.add(RedisServer.builder().tls(certificates, tlsPort).start());
            tlsPorts.add(tlsPort);
        }
    }

    /** Skips each test (not the class, which Surefire would not list) where the binary has no TLS. */
    @BeforeEach
    void requireTls() {
        TlsSupport.assumeTls(RedisBinary.resolve(), "DistributedLockTlsTests");
    }

    @AfterAll
    static void stopTlsServers() {
        servers.forEach(RedisServer::close);
    }

    @Test
    void singleRedisOverTlsWithBootsSslBundle() {
        this.runner.withPropertyValues("spring.data.redis.port=" + tlsPorts.get(0), "spring.data.redis.ssl.enabled=true",
                "spring.data.redis.ssl.bundle=redis").run((context) -> {
                    try (LockHandle lock = context.getBean(LockTemplate.class).tryLock("tls", LockOptions.defaults())
                        .orElseThrow()) {
                        assertThat(servers.get(0).command("EXISTS", "lock:tls")).isEqualTo(1L);
                    }
                    assertThat(servers.get(0).command("EXISTS", "lock:tls")).isEqualTo(0L);
                });
    }

    @Test
    void redlockNodesOverTlsWithAnSslBundle() {
        String nodes = String.join(",", tlsPorts.stream().map((port) -> "rediss://127.0.0.1:" + port).toList());
        this.runner.withPropertyValues("distributed-lock.redlock.nodes=" + nodes,
                "distributed-lock.redlock.ssl-bundle=redis").run((context) -> {
                    assertThat(context.getBean(LockBackend.class)).isInstanceOf(RedlockBackend.class);
                    LockOptions wait = LockOptions.builder().waitTime(Duration.ofSeconds(10)).build();
                    try (LockHandle lock = context.getBean(LockTemplate.class).tryLock("tls-redlock", wait).orElseThrow()) {
                        for (RedisServer server : servers) {
                            assertThat(server.command("EXISTS", "lock:tls-redlock")).isEqualTo(1L);
                        }
                    }
                });
    }
}
