package io.mercator.hydration.store.redis;

import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decodes Redis replies into the port's plain Java values. */
final class RedisReplies {

    private RedisReplies() {
    }

    /**
     * An HGETALL reply as a map. RESP3 (negotiated by default) answers with a map, RESP2 with a
     * flat field/value array; both are accepted so the store works whatever the server speaks.
     */
    static Map<String, String> hash(Response r) {
        if (r == null || r.size() == 0) {
            return Map.of();
        }
        Map<String, String> out = HashMap.newHashMap(r.isMap() ? r.size() : r.size() / 2);
        if (r.isMap()) {
            for (String field : r.getKeys()) {
                out.put(field, r.get(field).toString());
            }
        } else {
            for (int i = 0; i + 1 < r.size(); i += 2) {
                out.put(r.get(i).toString(), r.get(i + 1).toString());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** An LRANGE reply as a list; a missing key gives an empty list. */
    static List<String> list(Response r) {
        if (r == null || r.size() == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(r.size());
        for (Response item : r) {
            out.add(item.toString());
        }
        return Collections.unmodifiableList(out);
    }
}
