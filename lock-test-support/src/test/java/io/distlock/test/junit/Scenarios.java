package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a scenario: a class whose ordered tests build on each other (one breaks a server, the next
 * checks that the extension healed it before it ran), in a JUnit launcher of its own. Each
 * scenario has its own extension and servers, so the tests that run them do not depend on each
 * other or on their order. A scenario class is {@code @EnabledIf("...Scenarios#running")}, so
 * that it does nothing when a build tool finds it on its own.
 */
final class Scenarios {

    private static volatile boolean running;

    private Scenarios() {
    }

    /** Whether a scenario is being run by {@link #assertAllPass}. */
    static boolean running() {
        return running;
    }

    /** Runs {@code scenario} and asserts that its {@code tests} tests, and its class-level callbacks, passed. */
    static synchronized void assertAllPass(Class<?> scenario, int tests) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(scenario)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        running = true;
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            running = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        StringWriter failures = new StringWriter();
        summary.printFailuresTo(new PrintWriter(failures), 30);
        assertThat(summary.getTotalFailureCount()).as("failures of %s:%n%s", scenario.getSimpleName(), failures).isZero();
        assertThat(summary.getTestsSucceededCount()).as("tests of %s that passed", scenario.getSimpleName())
                .isEqualTo(tests);
    }
}
