package io.mercator.ranking.candidate;

import java.util.Optional;

/**
 * A buyer's taste as a vector in the listings' embedding space (the recall module implements it
 * from recent clicks and orders). Empty for a cold-start buyer. Must answer from memory: it is
 * called on the request path.
 */
public interface UserVectorSource {

    Optional<float[]> vectorFor(String userId);
}
