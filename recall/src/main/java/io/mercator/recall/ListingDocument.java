package io.mercator.recall;

/**
 * What the recall indexes know of a live listing.
 *
 * @param listingId   the listing
 * @param title       title, Thai or English
 * @param description description, Thai or English
 * @param category    category slug
 * @param sellerId    seller
 * @param lat         item latitude
 * @param lon         item longitude
 * @param price       asking price, THB
 */
public record ListingDocument(String listingId, String title, String description, String category, String sellerId,
                              double lat, double lon, double price) {
}
