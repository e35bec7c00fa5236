package io.mercator.hydration.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One mutation of the online store. The set is Redis-shaped on purpose (a hash per entity, numeric
 * increments, whole-list replacement, TTLs), so the Redis implementation maps each to one command
 * and the in-process one behaves the same.
 */
public sealed interface StoreWrite {

    /** The key the write touches. */
    String key();

    /** HSET: sets fields of a hash, creating it if needed. */
    record SetFields(String key, Map<String, String> fields) implements StoreWrite {
    }

    /** HINCRBYFLOAT: adds to a numeric field (a missing field counts as 0). */
    record IncrementField(String key, String field, double delta) implements StoreWrite {
    }

    /** HDEL: removes fields of a hash. */
    record DeleteFields(String key, List<String> fields) implements StoreWrite {
    }

    /** PEXPIRE: the key disappears after the TTL unless written again with a new TTL. */
    record Expire(String key, Duration ttl) implements StoreWrite {
    }

    /** DEL + RPUSH: replaces a list (for example a trending list) with new contents. */
    record ReplaceList(String key, List<String> values) implements StoreWrite {
    }

    /** DEL: removes a key of any kind. */
    record DeleteKey(String key) implements StoreWrite {
    }
}
