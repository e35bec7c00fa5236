package io.mercator.hydration.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

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

    /** Up to {@code limit} first elements of a list; an absent key gives an empty list. */
    Future<List<String>> readList(String key, int limit);

    @Override
    void close();
}
