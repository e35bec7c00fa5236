package io.mercator.catalog;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read side of the catalog, safe to call from any thread while the projection applies events.
 * A listing is <em>live</em> when it is not removed, its seller is not banned and its category is
 * not banned; stock is left to the callers (an out-of-stock listing is still live).
 */
public interface CatalogView {

    /** The listing, live or not, if it was ever published. */
    Optional<Listing> listing(String id);

    /** True if the listing was ever published, even if it is no longer live. */
    boolean isKnown(String listingId);

    /** True if the listing is known and live. */
    boolean isLive(String listingId);

    boolean isSellerBanned(String sellerId);

    boolean isCategoryBanned(String slug);

    /** True while an admin {@code force_boost_listing} override is in force for the listing. */
    boolean isForceBoosted(String listingId);

    Optional<SellerState> seller(String id);

    /**
     * Other sellers' listings whose photos image analysis found in this listing's photos
     * ({@code listing.photo_analyzed} naming them): a fraud signal. Empty for most listings.
     */
    Set<String> photoReusedFrom(String listingId);

    /** Number of live listings; walks the catalog, so not for the request path. */
    int liveListingCount();

    /** Calls the consumer for each live listing, for index builders. */
    void forEachLive(Consumer<Listing> consumer);
}
