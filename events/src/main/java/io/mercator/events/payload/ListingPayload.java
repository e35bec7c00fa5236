package io.mercator.events.payload;

import java.util.List;

/** Listing family: keyed by listing id. */
public sealed interface ListingPayload extends EventPayload {

    /**
     * A new listing.
     *
     * @param sellerId    the seller who posted it
     * @param title       title, Thai or English
     * @param description free text, Thai or English
     * @param lang        "th" or "en"
     * @param category    category slug, see {@link io.mercator.events.Categories}
     * @param price       asking price in THB
     * @param condition   condition grade: new, like_new, good, fair, worn
     * @param stock       units available
     * @param photos      photo references (object-store keys)
     * @param province    Thai province of the item
     * @param lat         latitude of the item
     * @param lon         longitude of the item
     */
    record Published(String sellerId, String title, String description, String lang, String category,
                     double price, String condition, int stock, List<String> photos, String province,
                     double lat, double lon) implements ListingPayload {
    }

    /** A partial update: only the fields that are not null change. */
    record Updated(Double price, Integer stock, String title, String description, List<String> photos)
            implements ListingPayload {
    }

    /** The seller or moderation took the listing down. */
    record Removed(String reason) implements ListingPayload {
    }

    /**
     * What image analysis found in one of the listing's photos; never the photo itself. The
     * near-duplicate index is a projection of these.
     *
     * @param photoId       which photo: a hash of its bytes
     * @param sellerId      the listing's seller, so that a match can say whose photo it was
     * @param hashes        64-bit perceptual hashes in hex: the whole photo, then its centre crops
     * @param embedding     the backbone's embedding quantised to signed bytes, base64 (empty without one)
     * @param category      the category head's label, or null where no head is registered
     * @param categoryScore its probability
     * @param nsfw          the safety model's probability that the photo is not safe for work
     * @param safetyFlags   the flags raised, by the configured thresholds
     * @param safety        the combined image safety score, 0..1, 1 safe
     * @param duplicateOf   listings of other sellers whose photos this one matches
     * @param modelVersion  the vision models' version
     */
    record PhotoAnalyzed(String photoId, String sellerId, List<String> hashes, String embedding, String category,
                         Double categoryScore, Double nsfw, List<String> safetyFlags, double safety,
                         List<String> duplicateOf, String modelVersion) implements ListingPayload {

        public PhotoAnalyzed {
            hashes = hashes == null ? List.of() : List.copyOf(hashes);
            safetyFlags = safetyFlags == null ? List.of() : List.copyOf(safetyFlags);
            duplicateOf = duplicateOf == null ? List.of() : List.copyOf(duplicateOf);
        }
    }
}
