package io.mercator.recall.embedding;

import io.mercator.recall.projection.UserInterestProjection;

import java.util.List;
import java.util.Optional;

/**
 * A user's interest vector: the mean of the embeddings of the listings they recently clicked,
 * carted or ordered ({@link UserInterestProjection}), normalised back to unit length, so it can
 * query the vector index like a search query does. Each listing counts once, however often it was
 * touched (the projection keeps it once); listings whose embedding is unknown are skipped. Empty
 * for a user without interactions: the caller falls back to popularity.
 */
public final class UserVectors {

    private final UserInterestProjection interests;
    private final ListingEmbeddings embeddings;

    public UserVectors(UserInterestProjection interests, ListingEmbeddings embeddings) {
        this.interests = interests;
        this.embeddings = embeddings;
    }

    public Optional<float[]> of(String userId) {
        List<String> recent = interests.recentListings(userId);
        float[] sum = new float[embeddings.embedder().dimension()];
        int used = 0;
        for (String listingId : recent) {
            Optional<float[]> v = embeddings.get(listingId);
            if (v.isPresent()) {
                float[] x = v.get();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += x[i];
                }
                used++;
            }
        }
        if (used == 0) {
            return Optional.empty();
        }
        // the mean and the sum point the same way; normalising either gives the same unit vector
        UnitVector.normalise(sum);
        return UnitVector.isZero(sum) ? Optional.empty() : Optional.of(sum);
    }
}
