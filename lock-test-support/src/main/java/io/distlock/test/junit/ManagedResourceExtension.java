package io.distlock.test.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit callbacks of the harness's extensions, all handed to one {@link ManagedResource}.
 *
 * @param <T> the server or group the extension runs
 */
abstract class ManagedResourceExtension<T extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final ManagedResource<T> resource;

    ManagedResourceExtension(ManagedResource<T> resource) {
        this.resource = resource;
    }

    /** The current server or group (a replacement, with new ports, after a test broke it). */
    T resource() {
        return this.resource.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        this.resource.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        this.resource.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        this.resource.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        this.resource.afterEach(context);
    }
}
