package io.mercator.catalog;

import java.util.List;

/**
 * A listing as the log last described it. Immutable: the catalog replaces the whole record on
 * every change, so a reader holding one never sees it half-updated.
 *
 * @param id          listing id
 * @param sellerId    who posted it
 * @param title       title, Thai or English
 * @param description free text
 * @param lang        "th" or "en"
 * @param category    category slug
 * @param price       asking price in THB
 * @param condition   condition grade: new, like_new, good, fair, worn
 * @param stock       units available
 * @param photos      photo references
 * @param province    Thai province of the item
 * @param lat         latitude of the item
 * @param lon         longitude of the item
 * @param publishedAt event time of the publication, epoch ms
 * @param updatedAt   event time of the last change, epoch ms
 * @param removed     taken down by the seller
 * @param removedByModeration a moderator's last decision on it was "remove"
 * @param textCheck   where its text stands with text analysis; {@link TextCheck#HELD} withholds it
 */
public record Listing(String id, String sellerId, String title, String description, String lang, String category,
                      double price, String condition, int stock, List<String> photos, String province,
                      double lat, double lon, long publishedAt, long updatedAt, boolean removed,
                      boolean removedByModeration, TextCheck textCheck) {

    public Listing {
        photos = photos == null ? List.of() : List.copyOf(photos);
        textCheck = textCheck == null ? TextCheck.UNCHECKED : textCheck;
    }

    /** Neither removed by its seller, nor removed or held by moderation. */
    public boolean shown() {
        return !removed && !withheldByModeration();
    }

    /** A moderator removed it, or text analysis holds it until a moderator decides. */
    public boolean withheldByModeration() {
        return removedByModeration || textCheck == TextCheck.HELD;
    }

    Listing withRemoved(long at) {
        return new Listing(id, sellerId, title, description, lang, category, price, condition, stock, photos,
                province, lat, lon, publishedAt, at, true, removedByModeration, textCheck);
    }

    /** With what moderation and text analysis say of it now ({@link ListingReviews}). */
    Listing withReview(boolean byModeration, TextCheck check, long at) {
        return new Listing(id, sellerId, title, description, lang, category, price, condition, stock, photos,
                province, lat, lon, publishedAt, at, removed, byModeration, check);
    }
}
