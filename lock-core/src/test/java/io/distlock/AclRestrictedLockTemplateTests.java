package io.distlock;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The whole lock contract as a Redis ACL user that may only touch keys and channels under the
 * key prefix, with the commands listed in the README's ACL line (and nothing else).
 */
class AclRestrictedLockTemplateTests extends AbstractLockTemplateTests {

    /** The README's ACL rule for the default prefix {@code lock:}, after the user name. */
    static final String ACL_RULES = "on >s3cret-pass ~lock:* &lock:* +@connection +evalsha +eval +subscribe"
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

    @Override
    protected RedisConnectionFactory createInspectionFactory() {
        LettuceConnectionFactory admin = RedisFactories.lettuce(RedisFactories.standalone(server.server().port()));
        return admin;
    }
}
