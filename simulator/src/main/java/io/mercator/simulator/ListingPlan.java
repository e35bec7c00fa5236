package io.mercator.simulator;

/**
 * Every listing of the world as planned before the run: who sells it, what and where it is, its
 * asking price and hidden quality, and when it is published. Columns rather than objects, because
 * the behaviour loop reads a few fields of many listings.
 */
final class ListingPlan {

    final int count;
    final String[] ids;
    final int[] seller;
    final int[] category;
    final byte[] condition;
    final int[] item;
    /** Index of the spec phrase, or -1 for none. */
    final int[] spec;
    final boolean[] thai;
    final double[] price;
    final int[] stock;
    final int[] photos;
    final int[] province;
    final double[] lat;
    final double[] lon;
    /** Hidden quality in [0,1]: condition, photos, seller care, appeal; scams score low. */
    final double[] quality;
    /** ln(price / (category median x condition price factor)): below 0 is cheap for what it is. */
    final double[] priceLogRatio;
    final long[] publishedAt;
    /** Whether the listing is bait: the ground truth a fraud model is measured against. */
    final boolean[] bait;
    /** Whether its description pushes for payment up front (all blatant bait, some of the rest). */
    final boolean[] pressure;
    /** For a photo ring's bait: which of the ring's shared photos it shows ({@code ring * RING_PHOTOS + k}), else -1. */
    final int[] ringPhoto;

    ListingPlan(int n) {
        count = n;
        ids = new String[n];
        seller = new int[n];
        category = new int[n];
        condition = new byte[n];
        item = new int[n];
        spec = new int[n];
        thai = new boolean[n];
        price = new double[n];
        stock = new int[n];
        photos = new int[n];
        province = new int[n];
        lat = new double[n];
        lon = new double[n];
        quality = new double[n];
        priceLogRatio = new double[n];
        publishedAt = new long[n];
        bait = new boolean[n];
        pressure = new boolean[n];
        ringPhoto = new int[n];
    }
}
