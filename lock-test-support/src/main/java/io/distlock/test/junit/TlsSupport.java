package io.distlock.test.junit;

import io.distlock.test.redis.RedisBinary;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips TLS tests, visibly, where the redis-server binary was built without TLS: the assumption's
 * message names the binary, so Surefire lists the test as skipped with that reason, and a line
 * starting with {@value #SKIP_MARKER} goes to the test's output for CI summaries to pick up.
 */
public final class TlsSupport {

    /** The start of the line printed for every skip, for CI scripts to grep. */
    public static final String SKIP_MARKER = "[distlock] SKIPPED (no TLS):";

    private TlsSupport() {
    }

    /**
     * Aborts the calling test or class, as skipped, unless {@code binary} supports TLS.
     * @param binary the redis-server the test would start
     * @param what the tests that are skipped, for the message (for example the class name)
     */
    public static void assumeTls(RedisBinary binary, String what) {
        if (!binary.supportsTls()) {
            String reason = what + " skipped: " + binary + " was built without TLS (it rejects tls-port);"
                    + " use a TLS build, e.g. with -D" + RedisBinary.PROPERTY + "=/path/to/redis-server";
            System.out.println(SKIP_MARKER + " " + reason);
            Assumptions.abort(reason);
        }
    }
}
