package io.mercator.recall.embedding;

import io.mercator.recall.TextEmbedder;
import io.mercator.recall.analysis.MarketplaceAnalyzer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default embedder: signed feature hashing of words and character n-grams, no model download.
 *
 * <p>Features of a text: every term {@link MarketplaceAnalyzer} produces, and the character
 * trigrams of each term padded with boundary marks ({@code <ไอโฟน>} gives {@code <ไอ}, {@code ไอโ},
 * ...). Thai has no spaces and sellers misspell freely; n-grams let "ไอโฟล" and "ไอโฟน", or a word
 * the segmenter cut differently, still share most features. Each feature is hashed (64-bit FNV-1a
 * with a finaliser, so it is the same on every JVM) to one of {@link #dimension()} buckets with a
 * sign from another hash bit, so collisions cancel out on average instead of piling up. Weight:
 * {@code 1 + ln(tf)}, terms counted {@link #TERM_WEIGHT} and n-grams {@link #GRAM_WEIGHT}; no idf,
 * because idf would need corpus statistics that change as listings come and go, and a listing's
 * vector must be computable once and cached. The result is L2-normalised.
 *
 * <p>Limits, honestly: this is lexical similarity, not meaning. "โทรศัพท์" and "มือถือ" (both
 * "phone") or "phone" and "โทรศัพท์" share no feature and are unrelated to it; frequent words are not
 * discounted; with 256 buckets unrelated texts show small non-zero similarities from collisions.
 * A learned multilingual model can replace it behind {@link TextEmbedder} later.
 */
public final class HashingTextEmbedder implements TextEmbedder {

    public static final int DEFAULT_DIMENSION = 256;
    /** Weight of a whole analyzed term. */
    public static final float TERM_WEIGHT = 1.0f;
    /** Weight of one character trigram; a term has several, so all its grams together outweigh it. */
    public static final float GRAM_WEIGHT = 0.5f;

    private static final int GRAM = 3;

    private final MarketplaceAnalyzer analyzer;
    private final int dimension;

    public HashingTextEmbedder(MarketplaceAnalyzer analyzer, int dimension) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension must be at least 2, got " + dimension);
        }
        this.analyzer = analyzer;
        this.dimension = dimension;
    }

    public HashingTextEmbedder(MarketplaceAnalyzer analyzer) {
        this(analyzer, DEFAULT_DIMENSION);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        List<String> terms = analyzer.terms(text);
        Map<String, Integer> termCounts = new HashMap<>();
        Map<String, Integer> gramCounts = new HashMap<>();
        for (String t : terms) {
            termCounts.merge(t, 1, Integer::sum);
            String padded = "<" + t + ">";
            for (int i = 0; i + GRAM <= padded.length(); i++) {
                gramCounts.merge(padded.substring(i, i + GRAM), 1, Integer::sum);
            }
        }
        float[] v = new float[dimension];
        add(v, termCounts, 'w', TERM_WEIGHT);
        add(v, gramCounts, 'g', GRAM_WEIGHT);
        return UnitVector.normalise(v);
    }

    private void add(float[] v, Map<String, Integer> counts, char space, float weight) {
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            long h = hash(space, e.getKey());
            int bucket = (int) Long.remainderUnsigned(h >>> 1, dimension);
            float sign = (h & 1) == 0 ? 1f : -1f;
            v[bucket] += sign * weight * (float) (1 + Math.log(e.getValue()));
        }
    }

    /** 64-bit FNV-1a over the feature's chars (space tag first), then a murmur-style finaliser. */
    static long hash(char space, String feature) {
        long h = 0xcbf29ce484222325L;
        h = (h ^ space) * 0x100000001b3L;
        for (int i = 0; i < feature.length(); i++) {
            char c = feature.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
