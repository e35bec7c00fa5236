package io.mercator.catalog;

/**
 * What the catalog knows of a seller.
 *
 * @param id                 seller id
 * @param province           where they mostly sell from; null until registered
 * @param registeredAt       event time of registration, epoch ms; 0 when not seen
 * @param verified           identity verified
 * @param reports            number of buyer reports
 * @param bannedByModeration a {@code seller.banned} event was seen (permanent)
 * @param bannedByAdmin      an admin {@code ban_seller} override is in force (can be lifted)
 */
public record SellerState(String id, String province, long registeredAt, boolean verified, int reports,
                          boolean bannedByModeration, boolean bannedByAdmin) {

    static SellerState unknown(String id) {
        return new SellerState(id, null, 0, false, 0, false, false);
    }

    /** Banned for any reason: none of the seller's listings is served. */
    public boolean banned() {
        return bannedByModeration || bannedByAdmin;
    }
}
