package io.mercator.recall.embedding;

import io.mercator.events.Categories;
import io.mercator.recall.TextEmbedder;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each listing's embedding, computed once from its title and category name and kept, so the vector
 * index and the user vectors share one computation per listing.
 *
 * <p>Written by {@code RecallIndexProjection} when a listing is published or retitled (so it is a
 * function of the log), read by any thread. Listings taken down keep their embedding: a sold
 * listing is often the strongest sign of what a user likes. Memory: {@code 4 * dimension} bytes per
 * listing ever published (1 KiB at 256 dimensions, about 1 GiB per million listings); quantising
 * or evicting listings no user remembers is the next step when that matters.
 */
public final class ListingEmbeddings {

    private final TextEmbedder embedder;
    private final ConcurrentHashMap<String, float[]> byListing = new ConcurrentHashMap<>();

    public ListingEmbeddings(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    public TextEmbedder embedder() {
        return embedder;
    }

    /** The text a listing is embedded from: its title and its category's Thai and English names. */
    public static String textOf(String title, String categorySlug) {
        StringBuilder text = new StringBuilder(title == null ? "" : title);
        if (Categories.exists(categorySlug)) {
            Categories.Category c = Categories.bySlug(categorySlug);
            text.append(' ').append(c.nameTh()).append(' ').append(c.nameEn());
        }
        return text.toString();
    }

    /** Computes, stores and returns the listing's embedding (replacing an older one). */
    public float[] update(String listingId, String title, String categorySlug) {
        float[] v = embedder.embed(textOf(title, categorySlug));
        byListing.put(listingId, v);
        return v;
    }

    /** The stored embedding; the array is shared, callers must not change it. */
    public Optional<float[]> get(String listingId) {
        return Optional.ofNullable(byListing.get(listingId));
    }

    public int size() {
        return byListing.size();
    }
}
