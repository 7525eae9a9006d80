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

import io.distlock.LockTemplate;
import io.distlock.integration.LockTestApplication.Inventory;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The transaction advisor ordered ahead of the lock advisor, so that the transaction wraps the
 * lock: the lock interceptor finds the method's own transaction active and, as for a transaction
 * the method joins (issue 12, item 13), keeps the lock until that transaction has committed.
 * Otherwise another buyer could read the stock before it saw this one's update.
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
    void theLockIsKeptUntilTheCommitEvenWhenTheTransactionIsOutside(@Autowired Inventory inventory,
            @Autowired LockTemplate lockTemplate) {
        inventory.reset(2, 1);
        assertThat(inventory.buy(2)).isTrue();
        assertThat(inventory.heldAtCommit()).containsExactly(true);
        assertThat(lockTemplate.heldLocks()).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = 0)
    static class TransactionOutside {

    }
}
