package io.distlock.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * What {@link SecretMasker} hides.
 */
class SecretMaskerTests {

    @Test
    void masksKnownSecretsWhereverTheyAppear() {
        SecretMasker masker = new SecretMasker(Arrays.asList("p4ss-secret", null, "", "sentinel-pass"));
        assertThat(masker.mask("AUTH p4ss-secret failed; sentinel-pass too"))
            .isEqualTo("AUTH ****** failed; ****** too");
    }

    @Test
    void masksUserInfoOfUrls() {
        SecretMasker masker = SecretMasker.urlUserInfoOnly();
        assertThat(masker.mask("Unable to connect to redis://app:p4ss-secret@redis.internal:6379/0"))
            .isEqualTo("Unable to connect to redis://******@redis.internal:6379/0");
        assertThat(masker.mask("rediss://:p4ss-secret@host")).isEqualTo("rediss://******@host");
        assertThat(masker.mask("redis://host:6379")).isEqualTo("redis://host:6379");
    }

    @Test
    void describesExceptionsByClassAndMaskedMessage() {
        SecretMasker masker = new SecretMasker(Arrays.asList("p4ss-secret"));
        assertThat(masker.describe(new IllegalStateException("bad p4ss-secret")))
            .isEqualTo("java.lang.IllegalStateException: bad ******");
        assertThat(masker.describe(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
        assertThat(masker.mask(null)).isEmpty();
    }
}
