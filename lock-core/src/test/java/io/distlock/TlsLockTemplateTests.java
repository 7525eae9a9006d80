package io.distlock;

import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.TlsSupport;
import io.distlock.test.redis.FreePorts;
import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisServer;
import io.distlock.test.tls.TestCertificates;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locks over TLS through the client's own settings, against a real redis-server started with a
 * certificate made at test time ({@link TestCertificates}). Needs a redis-server built with
 * TLS (Debian's and the one bundled in the Maven artifact both are); a build without TLS skips
 * this class and says why ({@link TlsSupport}: in the Surefire report, and a line for CI).
 */
class TlsLockTemplateTests {

    @TempDir
    static Path directory;

    private static TestCertificates certificates;

    private static RedisServer server;

    private static int tlsPort;

    private static RedisBinary binary;

    @BeforeAll
    static void startTlsServer() {
        binary = RedisBinary.resolve();
        if (!binary.supportsTls()) {
            return;
        }
        certificates = TestCertificates.create(directory);
        tlsPort = FreePorts.find();
        server = RedisServer.builder().tls(certificates, tlsPort).start();
    }

    /** Per test, not per class: Surefire lists a test skipped in {@code @BeforeAll} nowhere. */
    @BeforeEach
    void requireTls() {
        TlsSupport.assumeTls(binary, TlsLockTemplateTests.class.getSimpleName());
    }

    @AfterAll
    static void stopTlsServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void locksOverTls() {
        SslOptions ssl = SslOptions.builder()
                .truststore(certificates.trustStore().toFile(), certificates.trustStorePassword()).build();
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().useSsl().and()
                .clientOptions(ClientOptions.builder().sslOptions(ssl).build()).commandTimeout(Duration.ofSeconds(5))
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(RedisFactories.standalone(tlsPort), client);
        factory.afterPropertiesSet();
        factory.start();
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        try {
            LockHandle lock = template.tryLock("secure", LockOptions.defaults()).orElseThrow();
            assertThat(server.command("EXISTS", "lock:secure")).isEqualTo(1L);
            assertThat(server.info("clients")).contains("connected_clients:");
            lock.close();
            assertThat(server.command("EXISTS", "lock:secure")).isEqualTo(0L);
        }
        finally {
            template.close();
            factory.destroy();
        }
    }
}
