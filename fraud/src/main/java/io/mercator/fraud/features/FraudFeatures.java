package io.mercator.fraud.features;

import java.util.List;

/**
 * The features fraud models read about a listing, as of when it was published (and its photos
 * analysed): never anything the log says later, so a model trained on them can be used at
 * publication and is not fed its own future. Each is a plain number; {@link #NAMES} fixes the order.
 */
public final class FraudFeatures {

    /** ln(price) minus the usual ln(price) of the category and condition, from earlier listings. */
    public static final int PRICE_LOG_RATIO = 0;
    /** The same in standard deviations of the category and condition's ln(price). */
    public static final int PRICE_Z = 1;
    /** ln of the category's median price: how much is at stake. */
    public static final int CATEGORY_PRICE_LEVEL = 2;
    /** 1 when the listing claims new or like new. */
    public static final int CLAIMS_NEW = 3;
    public static final int PHOTOS = 4;
    public static final int STOCK = 5;
    /** Days since the seller registered; 0 when the log has not said. */
    public static final int SELLER_AGE_DAYS = 6;
    public static final int SELLER_VERIFIED = 7;
    /** Buyer reports against the seller so far. */
    public static final int SELLER_REPORTS = 8;
    /** The seller's earlier listings. */
    public static final int SELLER_LISTINGS = 9;
    /** The seller's listings in the 24 hours before this one. */
    public static final int SELLER_LISTINGS_24H = 10;
    /** Listings in the last 24 h over the seller's own usual daily rate before that: a waking account. */
    public static final int SELLER_BURST = 11;
    /** 1 when the seller has three or more earlier listings and none in this category. */
    public static final int SELLER_NEW_CATEGORY = 12;
    /** Mean {@link #PRICE_LOG_RATIO} of the seller's earlier listings (0 without any). */
    public static final int SELLER_PRICE_RATIO_MEAN = 13;
    /** Listings of other sellers that image analysis found showing one of this listing's photos. */
    public static final int PHOTO_REUSED_OTHER_SELLERS = 14;
    /** Share of the seller's earlier listings that claimed new or like new (0 without any). */
    public static final int SELLER_CLAIMS_NEW_SHARE = 15;
    /** Share of the seller's earlier listings priced a standard deviation or more below usual. */
    public static final int SELLER_CHEAP_SHARE = 16;
    /** Share of the seller's listings of the last 24 hours that claimed new or like new: a change of habits. */
    public static final int SELLER_RECENT_CLAIMS_NEW_SHARE = 17;
    /** Mean {@link #PRICE_LOG_RATIO} of the seller's listings of the last 24 hours (0 without any). */
    public static final int SELLER_RECENT_PRICE_RATIO_MEAN = 18;

    public static final List<String> NAMES = List.of("price_log_ratio", "price_z", "category_price_level",
            "claims_new", "photos", "stock", "seller_age_days", "seller_verified", "seller_reports",
            "seller_listings", "seller_listings_24h", "seller_burst", "seller_new_category",
            "seller_price_ratio_mean", "photo_reused_other_sellers", "seller_claims_new_share",
            "seller_cheap_share", "seller_recent_claims_new_share", "seller_recent_price_ratio_mean");

    public static final int WIDTH = NAMES.size();

    private FraudFeatures() {
    }
}
