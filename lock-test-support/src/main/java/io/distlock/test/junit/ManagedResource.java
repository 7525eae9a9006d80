package io.distlock.test.junit;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the extensions: start a resource before all tests (static field) or before each test
 * (instance field), heal or replace it before each test, close it with the scope that started it.
 */
final class ManagedResource<T extends AutoCloseable> {

    private final String description;
    private final Supplier<T> starter;
    private final Predicate<T> healer;
    private final Consumer<T> cleaner;
    private T resource;
    private String ownerId;
    private boolean perTest;

    /**
     * @param starter starts a new resource
     * @param healer  repairs a resource a previous test broke; returns false if it must be replaced instead
     * @param cleaner removes a previous test's data from an intact resource
     */
    ManagedResource(String description, Supplier<T> starter, Predicate<T> healer, Consumer<T> cleaner) {
        this.description = description;
        this.starter = starter;
        this.healer = healer;
        this.cleaner = cleaner;
    }

    synchronized void beforeAll(ExtensionContext context) {
        if (resource == null) {
            resource = starter.get();
            ownerId = context.getUniqueId();
            perTest = false;
        }
    }

    synchronized void afterAll(ExtensionContext context) {
        if (!perTest && context.getUniqueId().equals(ownerId)) {
            closeResource();
        }
    }

    synchronized void beforeEach(ExtensionContext context) {
        if (resource == null) {
            resource = starter.get();
            ownerId = context.getUniqueId();
            perTest = true;
            return;
        }
        if (!healer.test(resource)) {
            closeResource();
            resource = starter.get();
        }
        cleaner.accept(resource);
    }

    synchronized void afterEach(ExtensionContext context) {
        if (perTest && context.getUniqueId().equals(ownerId)) {
            closeResource();
        }
    }

    synchronized T get() {
        if (resource == null) {
            throw new IllegalStateException("The " + description + " is not running: register the extension with @RegisterExtension"
                    + " and use it from a test or a @BeforeEach method");
        }
        return resource;
    }

    private void closeResource() {
        T current = resource;
        resource = null;
        ownerId = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close the " + description, e);
            }
        }
    }
}
