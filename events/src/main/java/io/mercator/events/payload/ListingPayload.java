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
}
