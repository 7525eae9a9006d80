package io.distlock.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;
import io.distlock.actuate.endpoint.LocksEndpoint;
import io.distlock.actuate.endpoint.RedlockLocksEndpoint;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.redis.RedisLockBackend;

/**
 * When the {@code locks} endpoint is auto-configured. No Redis runs: nothing touches Redis at
 * start-up.
 */
class DistributedLockEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class, DistributedLockEndpointAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=1");

    /** Access values in upper case: the runner's environment lacks the application's lenient enum binding. */
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class, DistributedLockEndpointAutoConfiguration.class,
                EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=1", "management.endpoints.web.exposure.include=locks");

    @Test
    void createsTheEndpointWhenExposed() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
            .run((context) -> assertThat(context).hasSingleBean(LocksEndpoint.class));
    }

    /** Issue 13 item 4: the endpoint is read-only by default ({@code defaultAccess = READ_ONLY}). */
    @Test
    void exposesOnlyReadOperationsOverHttpByDefault() {
        this.web.run((context) -> assertThat(httpOperations(context)).containsExactlyInAnyOrder("GET locks",
                "GET locks/{*redisKey}"));
        this.web.withPropertyValues("management.endpoint.locks.access=READ_ONLY")
            .run((context) -> assertThat(httpOperations(context)).containsExactlyInAnyOrder("GET locks",
                    "GET locks/{*redisKey}"));
    }

    /** Issue 13 item 4: force-release is offered only with unrestricted access. */
    @Test
    void exposesTheDeleteOperationOnlyWithUnrestrictedAccess() {
        this.web.withPropertyValues("management.endpoint.locks.access=UNRESTRICTED")
            .run((context) -> assertThat(httpOperations(context)).containsExactlyInAnyOrder("GET locks",
                    "GET locks/{*redisKey}", "DELETE locks/{*redisKey}"));
    }

    /** Issue 13 item 4: the global cap on endpoint access applies to the delete operation too. */
    @Test
    void capsTheDeleteOperationWithTheMaxPermittedAccess() {
        this.web
            .withPropertyValues("management.endpoint.locks.access=UNRESTRICTED",
                    "management.endpoints.access.max-permitted=READ_ONLY")
            .run((context) -> assertThat(httpOperations(context)).containsExactlyInAnyOrder("GET locks",
                    "GET locks/{*redisKey}"));
    }

    private static List<String> httpOperations(ApplicationContext context) {
        ExposableWebEndpoint locks = context.getBean(WebEndpointsSupplier.class)
            .getEndpoints()
            .stream()
            .filter((endpoint) -> endpoint.getEndpointId().toString().equals("locks"))
            .findFirst()
            .orElseThrow();
        return locks.getOperations()
            .stream()
            .map(WebOperation::getRequestPredicate)
            .map((predicate) -> predicate.getHttpMethod() + " " + predicate.getPath())
            .toList();
    }

    @Test
    void createsNoEndpointWhenNotExposed() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocksEndpoint.class));
    }

    @Test
    void createsNoEndpointWhenDisabled() {
        this.runner
            .withPropertyValues("management.endpoints.web.exposure.include=locks",
                    "management.endpoint.locks.access=NONE")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocksEndpoint.class));
    }

    @Test
    void createsNoEndpointWithoutActuator() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
            .withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(LocksEndpoint.class));
    }

    @Test
    void createsNoEndpointWithoutALockTemplate() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks", "distributed-lock.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocksEndpoint.class));
    }

    @Test
    void rule9_createsAReadOnlyRedlockEndpointWithRedlock() {
        String nodes = "distributed-lock.redlock.nodes=redis://127.0.0.1:1,redis://127.0.0.1:2,redis://127.0.0.1:3";
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks", nodes)
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(LocksEndpoint.class)
                .hasSingleBean(RedlockLocksEndpoint.class));
        this.web.withPropertyValues(nodes, "management.endpoint.locks.access=UNRESTRICTED")
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(LocksEndpoint.class);
                assertThat(httpOperations(context)).containsExactlyInAnyOrder("GET locks", "GET locks/{*redisKey}");
            });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnEndpoint() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
            .withUserConfiguration(OwnEndpointConfiguration.class)
            .run((context) -> assertThat(context).hasSingleBean(LocksEndpoint.class).hasBean("myLocksEndpoint"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEndpointConfiguration {

        @Bean
        LocksEndpoint myLocksEndpoint(LockTemplate lockTemplate, RedisConnectionFactory connectionFactory) {
            return new LocksEndpoint(lockTemplate, connectionFactory, new RedisLockBackend(connectionFactory, "lock:"));
        }
    }
}
