package io.mercator.hydration.store.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch error texts the client produces, sorted into outages and rejections. */
class RedisFailuresTest {

    @Test
    void redisErrorRepliesAreRejections() {
        assertThat(RedisFailures.isTransient("WRONGTYPE Operation against a key holding the wrong kind of value")).isFalse();
        assertThat(RedisFailures.isTransient("ERR [2] hash value is not a float")).isFalse();
        assertThat(RedisFailures.isTransient("ERR [0] WRONGTYPE Operation against a key")).isFalse();
    }

    @Test
    void transportFailuresInsideABatchAreOutages() {
        assertThat(RedisFailures.isTransient("ERR [0] CONNECTION_CLOSED\nERR [1] CONNECTION_CLOSED")).isTrue();
        assertThat(RedisFailures.isTransient("ERR [0] io.vertx.core.VertxException: Connection reset")).isTrue();
        assertThat(RedisFailures.isTransient("ERR [3] java.io.IOException: Broken pipe")).isTrue();
        assertThat(RedisFailures.isTransient("LOADING Redis is loading the dataset in memory")).isTrue();
        assertThat(RedisFailures.isTransient("ERR [1] hash value is not a float\nERR [2] CONNECTION_CLOSED")).isTrue();
    }
}
