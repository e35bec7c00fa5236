package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.payload.UserPayload;

import java.util.SplittableRandom;

/**
 * The buyers and their hidden tastes.
 *
 * <p>Each buyer has a home (province drawn by weight, scattered around its capital), a maximum
 * distance, 2-4 favourite categories (drawn by popularity, tilted by gender and age so that
 * profile fields carry signal), a price sensitivity and an activity level (sessions per day).
 */
final class BuyerPopulation {

    static final String[] AGE_GROUPS = {"18-24", "25-34", "35-44", "45-54", "55+"};
    private static final double[] AGE_SHARES = {0.22, 0.33, 0.23, 0.14, 0.08};
    static final String[] GENDERS = {"f", "m", "x", null};
    private static final double[] GENDER_SHARES = {0.50, 0.46, 0.02, 0.02};
    static final String[] DEVICES = {"android", "ios", "web"};
    private static final double[] DEVICE_SHARES = {0.55, 0.35, 0.10};
    private static final int[] MAX_DISTANCES = {10, 20, 30, 50, 100, 150, 200, 300, 500};
    private static final double[] MAX_DISTANCE_SHARES = {0.04, 0.14, 0.15, 0.2, 0.16, 0.1, 0.09, 0.08, 0.04};

    static final int CATEGORIES = Categories.ALL.size();

    final int count;
    final String[] ids;
    final double[] homeLat;
    final double[] homeLon;
    final int[] province;
    final int[] maxDistanceKm;
    final byte[] ageGroup;
    final byte[] gender;
    final byte[] device;
    /** Row-major users x categories: taste for each category in [0,1], 1 for the top favourite. */
    final double[] preference;
    final int[][] favourites;
    final WeightedChoice[] favouriteChoice;
    final double[] priceSensitivity;
    /** Mean sessions per day. */
    final double[] activity;
    final long[] joinedAt;

    private BuyerPopulation(int n) {
        count = n;
        ids = new String[n];
        homeLat = new double[n];
        homeLon = new double[n];
        province = new int[n];
        maxDistanceKm = new int[n];
        ageGroup = new byte[n];
        gender = new byte[n];
        device = new byte[n];
        preference = new double[n * CATEGORIES];
        favourites = new int[n][];
        favouriteChoice = new WeightedChoice[n];
        priceSensitivity = new double[n];
        activity = new double[n];
        joinedAt = new long[n];
    }

    static BuyerPopulation generate(SimulationConfig config) {
        SplittableRandom rng = RandomStreams.of(config.seed(), RandomStreams.USERS);
        BuyerPopulation b = new BuyerPopulation(config.users());
        WeightedChoice ages = new WeightedChoice(AGE_SHARES);
        WeightedChoice genders = new WeightedChoice(GENDER_SHARES);
        WeightedChoice devices = new WeightedChoice(DEVICE_SHARES);
        WeightedChoice distances = new WeightedChoice(MAX_DISTANCE_SHARES);
        long start = config.startMillis();
        long span = config.endMillis() - start;
        for (int u = 0; u < b.count; u++) {
            b.ids[u] = Ids.padded("user-", u + 1, 6);
            b.province[u] = Geography.drawProvince(rng);
            GeoPoint home = Geography.around(b.province[u], rng);
            b.homeLat[u] = home.lat();
            b.homeLon[u] = home.lon();
            b.maxDistanceKm[u] = MAX_DISTANCES[distances.draw(rng)];
            b.ageGroup[u] = (byte) ages.draw(rng);
            b.gender[u] = (byte) genders.draw(rng);
            b.device[u] = (byte) devices.draw(rng);
            drawTastes(b, u, rng);
            b.priceSensitivity[u] = 1 + 3 * rng.nextDouble() + (b.ageGroup[u] == 0 ? 0.5 : 0);
            b.activity[u] = Math.min(6, Math.exp(-0.25 + 0.7 * rng.nextGaussian()));
            // most buyers are already members when the span starts; the rest sign up along the way
            b.joinedAt[u] = start + (rng.nextDouble() < 0.8 ? rng.nextLong(Math.min(3_600_000L, span / 4))
                    : rng.nextLong(Math.max(1, span - 3_600_000L)));
        }
        return b;
    }

    private static void drawTastes(BuyerPopulation b, int u, SplittableRandom rng) {
        double[] w = new double[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            w[c] = Vocabulary.CATEGORIES.get(c).popularity() * affinity(Categories.ALL.get(c).slug(),
                    GENDERS[b.gender[u]], b.ageGroup[u]);
        }
        int k = 2 + rng.nextInt(3);
        int[] fav = new int[k];
        double[] favWeight = new double[k];
        double[] remaining = w.clone();
        int row = u * CATEGORIES;
        for (int c = 0; c < CATEGORIES; c++) {
            b.preference[row + c] = 0.02 + 0.08 * rng.nextDouble();
        }
        double top = 0;
        for (int i = 0; i < k; i++) {
            int c = new WeightedChoice(remaining).draw(rng);
            remaining[c] = 0;
            fav[i] = c;
            favWeight[i] = 0.4 + 0.6 * rng.nextDouble();
            top = Math.max(top, favWeight[i]);
        }
        for (int i = 0; i < k; i++) {
            favWeight[i] /= top;
            b.preference[row + fav[i]] = favWeight[i];
        }
        b.favourites[u] = fav;
        b.favouriteChoice[u] = new WeightedChoice(favWeight);
    }

    /** How much more (or less) likely a category is a favourite for this profile. */
    private static double affinity(String slug, String gender, int ageGroup) {
        double a = 1;
        if ("f".equals(gender)) {
            a *= switch (slug) {
                case "womens-fashion" -> 4;
                case "beauty" -> 3;
                case "bags" -> 2;
                case "baby-kids", "home-decor" -> 1.5;
                case "mens-fashion" -> 0.3;
                case "motorcycles", "car-parts" -> 0.4;
                default -> 1;
            };
        } else if ("m".equals(gender)) {
            a *= switch (slug) {
                case "mens-fashion" -> 3;
                case "motorcycles", "car-parts" -> 2.5;
                case "gaming", "computers" -> 1.8;
                case "womens-fashion" -> 0.2;
                case "beauty" -> 0.4;
                default -> 1;
            };
        }
        if (ageGroup == 0) {
            a *= switch (slug) {
                case "gaming", "mobile-phones", "shoes" -> 1.8;
                case "amulets", "plants-garden", "baby-kids" -> 0.4;
                default -> 1;
            };
        } else if (ageGroup >= 2) {
            a *= switch (slug) {
                case "baby-kids", "plants-garden", "appliances" -> 2;
                case "amulets" -> ageGroup >= 3 ? 3 : 1.5;
                case "gaming" -> 0.5;
                default -> 1;
            };
        }
        return a;
    }

    UserPayload.Profile profile(int u) {
        return new UserPayload.Profile(AGE_GROUPS[ageGroup[u]], GENDERS[gender[u]], homeLat[u], homeLon[u],
                maxDistanceKm[u]);
    }
}
