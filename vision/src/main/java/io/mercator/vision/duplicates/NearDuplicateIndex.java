package io.mercator.vision.duplicates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every analysed listing photo's fingerprint, searched for near-duplicates. It is a projection: it is
 * filled from {@code listing.photo_analyzed} events, so a replay rebuilds it, and a photo added twice
 * (a redelivered event) is kept once.
 *
 * <p>Search is a linear scan, and blocking: callers run it off the event loop. Each photo costs its
 * hash distances (one XOR and a bit count each) and, unless the hashes already match, the dot
 * product of two quantised embeddings. The embeddings sit in one flat byte array with their norms
 * worked out when added, so the scan reads memory in order and multiplies nothing twice. {@code
 * ./mercator bench vision} prints the time per photo indexed; past a few hundred thousand photos a
 * scan takes tens of milliseconds, and an approximate index (the vector store's) would be the next
 * step.
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
    /** The length of every embedding here: the first one's (0 until one is added). */
    private int dimension;
    /** Photo i's embedding at {@code i * dimension}; zeros where it has none of that length. */
    private byte[] embeddings = new byte[0];
    /** Photo i's embedding's length (Euclidean), 0 where it has none. */
    private float[] norms = new float[0];

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
                at = photos.size();
                byPhotoId.put(photo.photoId(), at);
                photos.add(photo);
            } else {
                photos.set(at, photo);
            }
            store(at, photo.fingerprint().embedding());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void store(int at, byte[] embedding) {
        if (dimension == 0 && embedding.length > 0) {
            dimension = embedding.length;
            embeddings = new byte[Math.multiplyExact(norms.length, dimension)];
        }
        if (norms.length <= at) {
            int capacity = Math.max(1024, norms.length * 2);
            norms = Arrays.copyOf(norms, capacity);
            embeddings = Arrays.copyOf(embeddings, Math.multiplyExact(capacity, dimension));
        }
        boolean has = embedding.length == dimension && dimension > 0;
        if (has) {
            System.arraycopy(embedding, 0, embeddings, at * dimension, dimension);
        } else if (dimension > 0) {
            Arrays.fill(embeddings, at * dimension, (at + 1) * dimension, (byte) 0);
        }
        norms[at] = has ? (float) Math.sqrt(dot(embedding, embedding, 0)) : 0;
    }

    /**
     * The dot product of {@code q} with the embedding at {@code offset} of {@code all}. An int holds
     * it: 127 x 127 x 1280 is under 2^31 by a hundred times, and an int sum lets the JIT vectorise.
     */
    private static int dot(byte[] q, byte[] all, int offset) {
        int sum = 0;
        for (int i = 0; i < q.length; i++) {
            sum += q[i] * all[offset + i];
        }
        return sum;
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
        byte[] q = query.embedding();
        lock.readLock().lock();
        try {
            boolean embedded = q.length > 0 && q.length == dimension;
            double queryNorm = embedded ? Math.sqrt(dot(q, q, 0)) : 0;
            for (int i = 0; i < photos.size(); i++) {
                Photo p = photos.get(i);
                if (listingId != null && listingId.equals(p.listingId())) {
                    continue;
                }
                int d = query.hashDistance(p.fingerprint());
                double cos = Double.NaN;
                if (d > rule.maxHashDistance() && embedded && norms[i] > 0) {
                    cos = queryNorm == 0 ? 0 : dot(q, embeddings, i * dimension) / (queryNorm * norms[i]);
                }
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
