package io.distlock.test.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost}/{@code 127.0.0.1}, made at test time with the
 * JDK's own {@code keytool} (no other tool needed), written as the PEM files a TLS
 * {@code redis-server} reads and as a PKCS#12 trust store for Java clients.
 *
 * @param certificate PEM certificate (also usable as the CA file, being self-signed)
 * @param privateKey PEM PKCS#8 private key
 * @param trustStore PKCS#12 trust store holding the certificate
 * @param trustStorePassword the trust store's password
 */
public record TestCertificates(Path certificate, Path privateKey, Path trustStore, String trustStorePassword) {

    private static final String PASSWORD = "changeit";

    /** Makes a certificate valid for two days in {@code directory}. */
    public static TestCertificates create(Path directory) {
        try {
            Path keyStore = directory.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            Path certificate = pem(directory.resolve("server.crt"), "CERTIFICATE",
                    store.getCertificate("redis").getEncoded());
            Path privateKey = pem(directory.resolve("server.key"), "PRIVATE KEY",
                    ((PrivateKey) store.getKey("redis", PASSWORD.toCharArray())).getEncoded());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("redis", store.getCertificate("redis"));
            Path trustStore = directory.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, PASSWORD.toCharArray());
            }
            return new TestCertificates(certificate, privateKey, trustStore, PASSWORD);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
