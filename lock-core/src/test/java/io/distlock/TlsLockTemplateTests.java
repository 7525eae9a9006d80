package io.distlock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.redis.FreePorts;
import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locks over TLS through the client's own settings, against a real redis-server started with a
 * certificate made at test time (JDK keytool, no other tool). Needs a redis-server built with
 * TLS (Debian's and the one bundled in the Maven artifact both are); a build without TLS skips
 * this class and says why.
 */
class TlsLockTemplateTests {

    @TempDir
    static Path certificates;

    private static RedisServer server;

    private static int tlsPort;

    @BeforeAll
    static void startTlsServer() throws Exception {
        assumeTrue(supportsTls(RedisBinary.resolve()), "redis-server " + RedisBinary.resolve().path() + " has no TLS support");
        Path keystore = certificates.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        Path cert = pem(certificates.resolve("server.crt"), "CERTIFICATE", store.getCertificate("redis").getEncoded());
        Path key = pem(certificates.resolve("server.key"), "PRIVATE KEY",
                ((PrivateKey) store.getKey("redis", "changeit".toCharArray())).getEncoded());
        Certificate trusted = store.getCertificate("redis");
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        truststore.setCertificateEntry("redis", trusted);
        try (var out = Files.newOutputStream(certificates.resolve("trust.p12"))) {
            truststore.store(out, "changeit".toCharArray());
        }
        tlsPort = FreePorts.find();
        server = RedisServer.builder().config("tls-port", Integer.toString(tlsPort))
                .config("tls-cert-file", cert.toString()).config("tls-key-file", key.toString())
                .config("tls-ca-cert-file", cert.toString()).config("tls-auth-clients", "no").start();
    }

    @AfterAll
    static void stopTlsServer() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean supportsTls(RedisBinary binary) throws IOException, InterruptedException {
        // A TLS build accepts tls-port and then exits, having nothing to listen on.
        Process probe = new ProcessBuilder(binary.path().toString(), "--port", "0", "--tls-port", "0")
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        probe.waitFor(10, TimeUnit.SECONDS);
        return output.contains("not listen anywhere");
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    @Test
    void locksOverTls() {
        SslOptions ssl = SslOptions.builder().truststore(certificates.resolve("trust.p12").toFile(), "changeit").build();
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
