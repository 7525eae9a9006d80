package io.distlock.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import io.distlock.integration.LockTestApplication.Inventory;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The counter-example to {@link DistributedLockIntegrationTests}: with the transaction advisor
 * ordered ahead of the lock advisor, the transaction wraps the lock, and the lock is released
 * before the transaction commits; another buyer could then read the stock it has not yet seen
 * updated. The default order exists to prevent exactly this.
 */
// Closed with its class: its Redis server stops with the class too.
@DirtiesContext
@SpringBootTest(classes = { LockTestApplication.class, LockInsideTransactionTests.TransactionOutside.class },
        webEnvironment = WebEnvironment.NONE,
        properties = { "test.lock.wait=100ms", "test.lock.lease=2s", "spring.datasource.generate-unique-name=true" })
class LockInsideTransactionTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", redis::port);
    }

    @Test
    void theLockIsReleasedBeforeTheCommitWhenTheTransactionIsOutside(@Autowired Inventory inventory) {
        inventory.reset(2, 1);
        assertThat(inventory.buy(2)).isTrue();
        assertThat(inventory.heldAtCommit()).containsExactly(false);
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = 0)
    static class TransactionOutside {

    }
}
