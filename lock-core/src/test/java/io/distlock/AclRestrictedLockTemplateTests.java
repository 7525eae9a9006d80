package io.distlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole lock contract as a Redis ACL user that may only touch keys and channels under the
 * key prefix, with the commands listed in the README's ACL line (and nothing else).
 */
class AclRestrictedLockTemplateTests extends AbstractLockTemplateTests {

    /** The README's ACL rule for the default prefix {@code lock:}, after the user name. */
    static final String ACL_RULES = "on >s3cret-pass resetchannels ~lock:* &lock:* +@connection +evalsha +eval +subscribe"
            + " +unsubscribe +get +set +del +pexpire +pttl +incr +time +publish";

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension
            .standalone((builder) -> builder.config("user", ("locker " + ACL_RULES).split(" ")));

    @Override
    protected RedisConnectionFactory createConnectionFactory() {
        RedisStandaloneConfiguration configuration = RedisFactories.standalone(server.server().port());
        configuration.setUsername("locker");
        configuration.setPassword("s3cret-pass");
        return RedisFactories.lettuce(configuration);
    }

    @Test
    void wrongPasswordFailsClearlyWithoutRevealingIt() {
        RedisStandaloneConfiguration configuration = RedisFactories.standalone(server.server().port());
        configuration.setUsername("locker");
        configuration.setPassword("wrong-Secret-42");
        LettuceConnectionFactory wrong = RedisFactories.lettuce(configuration);
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(wrong, "lock:")).build();
        try {
            assertThatThrownBy(() -> template.tryLock("k", LockOptions.defaults()))
                    .isInstanceOf(LockUnavailableException.class).satisfies((ex) -> {
                        StringBuilder chain = new StringBuilder();
                        for (Throwable t = ex; t != null; t = t.getCause()) {
                            chain.append(t).append('\n');
                        }
                        assertThat(chain.toString())
                                .doesNotContain("wrong-Secret-42").doesNotContain("s3cret-pass");
                    });
        }
        finally {
            template.close();
            wrong.destroy();
        }
    }

    @Override
    protected RedisConnectionFactory createInspectionFactory() {
        LettuceConnectionFactory admin = RedisFactories.lettuce(RedisFactories.standalone(server.server().port()));
        return admin;
    }
}
