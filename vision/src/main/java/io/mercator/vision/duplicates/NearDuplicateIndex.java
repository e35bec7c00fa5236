package io.mercator.vision.duplicates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every analysed listing photo's fingerprint, searched for near-duplicates. It is a projection: it is
 * filled from {@code listing.photo_analyzed} events, so a replay rebuilds it, and a photo added twice
 * (a redelivered event) is kept once. Search is a linear scan: a Hamming distance is one XOR and a
 * bit count, and a million photos scan in a few milliseconds; past that, multi-index hashing.
 */
public final class NearDuplicateIndex {

    /**
     * When two photos are the same photo.
     *
     * @param maxHashDistance photos at most this many bits apart match
     * @param minCosine       or, where both have embeddings, photos at least this similar match
     */
    public record Rule(int maxHashDistance, double minCosine) {
        public static final Rule DEFAULT = new Rule(8, 0.93);

        boolean matches(int hashDistance, double cosine) {
            return hashDistance <= maxHashDistance || (!Double.isNaN(cosine) && cosine >= minCosine);
        }
    }

    /** One indexed photo. */
    public record Photo(String photoId, String listingId, String sellerId, PhotoFingerprint fingerprint) {
    }

    /**
     * @param similarity 1 - bits apart / 64 by the hash, or the embeddings' cosine where that is higher
     * @param sameSeller whether the match is the asking seller's own photo (a re-listing, not a theft)
     */
    public record Match(String listingId, String sellerId, String photoId, double similarity, int hashDistance,
                        boolean sameSeller) {
    }

    private final Rule rule;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> byPhotoId = new HashMap<>();
    private final List<Photo> photos = new ArrayList<>();

    public NearDuplicateIndex(Rule rule) {
        this.rule = rule;
    }

    public NearDuplicateIndex() {
        this(Rule.DEFAULT);
    }

    /** Adds a photo, or replaces the one with its id. */
    public void add(Photo photo) {
        lock.writeLock().lock();
        try {
            Integer at = byPhotoId.get(photo.photoId());
            if (at == null) {
                byPhotoId.put(photo.photoId(), photos.size());
                photos.add(photo);
            } else {
                photos.set(at, photo);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return photos.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The photos that match {@code query} under the rule, most similar first, at most {@code limit},
     * leaving out the asking listing's own photos.
     */
    public List<Match> near(PhotoFingerprint query, String listingId, String sellerId, int limit) {
        List<Match> found = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Photo p : photos) {
                if (listingId != null && listingId.equals(p.listingId())) {
                    continue;
                }
                int d = query.hashDistance(p.fingerprint());
                double cos = d <= rule.maxHashDistance() ? Double.NaN : query.cosine(p.fingerprint());
                if (rule.matches(d, cos)) {
                    double similarity = Math.max(1 - d / 64.0, Double.isNaN(cos) ? 0 : cos);
                    found.add(new Match(p.listingId(), p.sellerId(), p.photoId(), similarity, d,
                            sellerId != null && sellerId.equals(p.sellerId())));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        found.sort(Comparator.comparingDouble(Match::similarity).reversed());
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }
}
