package io.mercator.hydration.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The online-store port: features and ranked lists read on the request path. Implementations: the
 * in-process store (embedded default) and Redis; both pass {@code OnlineStoreContract}.
 *
 * <p>Values are strings, as in Redis; {@link FeatureRow} parses the numeric ones. Every method is
 * one round trip, whatever the number of keys, so hydrating 1,000 candidates costs one call.
 */
public interface OnlineStore extends AutoCloseable {

    /** Applies the writes in order, in one round trip. */
    Future<Void> write(List<StoreWrite> writes);

    /** The whole hash of each key, in the order of the keys; an absent or expired key gives an empty map. */
    Future<List<Map<String, String>>> readHashes(List<String> keys);

    /**
     * Each key's hash turned into a {@code T} by {@code decoder}, in the order of the keys (an absent
     * or expired key decodes an empty map): the same one round trip as {@link #readHashes}. A store
     * may hand back what the decoder made of a hash nobody has written since, and the embedded one
     * does, so that a row read a thousand times between two writes is parsed once. The decoder must
     * therefore be a pure function of the hash, and one shared instance per kind of row.
     */
    default <T> Future<List<T>> readDecoded(List<String> keys, Function<Map<String, String>, T> decoder) {
        return readHashes(keys).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            for (Map<String, String> row : rows) {
                out.add(decoder.apply(row));
            }
            return out;
        });
    }

    /**
     * Whether {@link #readDecoded} keeps what a decoder made of each hash until the key is written,
     * as the embedded store does. Then decoding the rows a service will read before it takes traffic
     * saves parsing them under load, and promoting tens of thousands of fresh rows in the first
     * young collections; a remote store keeps nothing and gains nothing from it.
     */
    default boolean keepsDecodedRows() {
        return false;
    }

    /** Up to {@code limit} first elements of a list; an absent key gives an empty list. */
    Future<List<String>> readList(String key, int limit);

    /**
     * A bounded counter shared by every instance that uses the store: adds to the whole-number
     * field {@code field} of hash {@code key} as much of {@code delta} as keeps it within
     * {@code [0, limit]}, atomically, sets the key to expire after {@code ttl}, and answers what it
     * added (between 0 and {@code delta}; 0 when the counter already sits at or past the bound).
     * An absent field counts as 0. For budgets several instances spend from.
     */
    Future<Long> addWithin(String key, String field, long delta, long limit, Duration ttl);

    @Override
    void close();
}
