package io.distlock.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules that keep the house in order, checked on the compiled classes of lock-core and the
 * starter (tests excluded): no cycle between packages, lock-core free of Spring Boot, and a public
 * API that names neither a Redis client nor the engine.
 */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.distlock");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.distlock.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void lockCoreDoesNotDependOnSpringBoot() {
        noClasses().that()
            .resideInAnyPackage("io.distlock", "io.distlock.spi", "io.distlock.engine", "io.distlock.redis",
                    "io.distlock.redlock", "io.distlock.watchdog")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
            .check(classes);
    }

    @Test
    void publicApiNamesNoRedisClientAndNoEngine() {
        noClasses().that().resideInAnyPackage("io.distlock", "io.distlock.spi")
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.lettuce..", "redis.clients..", "io.distlock.engine..", "io.distlock.redis..",
                    "io.distlock.redlock..", "io.distlock.watchdog..")
            .check(classes);
    }
}
