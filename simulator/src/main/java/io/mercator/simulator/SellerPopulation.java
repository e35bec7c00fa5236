package io.mercator.simulator;

import io.mercator.events.Categories;

import java.util.SplittableRandom;

/**
 * The sellers of the simulated marketplace and their hidden traits.
 *
 * <p>About one seller per 2.5 buyers. A small share are scammers: they rarely verify, list
 * high-value items below the category median with few photos, and collect reports. Scammers work
 * in one of four {@link FraudPattern}s: blatant bait far below the price; gentle bait just below
 * it; rings of three or four accounts sharing photos; sleepers who sell honestly, often verified,
 * until they wake. Most sellers register at the start of the span (the marketplace already
 * exists); the rest join over time.
 */
final class SellerPopulation {

    static final double USERS_PER_SELLER = 2.5;
    static final double SCAMMER_SHARE = 0.05;
    /** Cumulative shares of the patterns among scammers: blatant, gentle price, photo ring, sleeper. */
    static final double[] PATTERN_SHARES = {0.35, 0.60, 0.82, 1.0};
    static final int RING_SIZE = 4;
    static final long NEVER = Long.MAX_VALUE;
    /** Categories scammers favour: expensive, easy to ship, easy to fake. */
    static final int[] SCAM_CATEGORIES = {index("mobile-phones"), index("computers"), index("cameras"),
            index("gaming"), index("bags"), index("watches")};

    final int count;
    final String[] ids;
    final int[] province;
    final long[] registeredAt;
    /** When the seller gets verified, or {@link #NEVER}. */
    final long[] verifiedAt;
    final boolean[] scammer;
    final FraudPattern[] pattern;
    /** The ring a {@link FraudPattern#PHOTO_RING} seller belongs to, else -1. */
    final int[] ring;
    /** When a {@link FraudPattern#SLEEPER} starts posting bait; {@link #NEVER} for everyone else. */
    final long[] wakeAt;
    /** How carefully the seller describes and packs items, in [0,1]; part of listing quality. */
    final double[] care;
    final int[] mainCategory;
    /** Relative number of listings: a few shops list a lot, most people list a little. */
    final double[] volume;

    private SellerPopulation(int n) {
        count = n;
        ids = new String[n];
        province = new int[n];
        registeredAt = new long[n];
        verifiedAt = new long[n];
        scammer = new boolean[n];
        pattern = new FraudPattern[n];
        ring = new int[n];
        wakeAt = new long[n];
        care = new double[n];
        mainCategory = new int[n];
        volume = new double[n];
    }

    static SellerPopulation generate(SimulationConfig config) {
        SplittableRandom rng = RandomStreams.of(config.seed(), RandomStreams.SELLERS);
        int n = Math.max(1, (int) Math.round(config.users() / USERS_PER_SELLER));
        SellerPopulation s = new SellerPopulation(n);
        markScammers(s, rng);
        long start = config.startMillis();
        long span = config.endMillis() - start;
        WeightedChoice categories = ListingFactory.categoryPopularity();
        for (int i = 0; i < n; i++) {
            s.ids[i] = Ids.padded("seller-", i + 1, 5);
            s.province[i] = Geography.drawProvince(rng);
            boolean early = rng.nextDouble() < (s.scammer[i] ? 0.5 : 0.7);
            // late joiners register at least two hours before the end so they can still list
            s.registeredAt[i] = start + (early ? rng.nextLong(Math.min(3_600_000L, span / 4))
                    : rng.nextLong(Math.max(1, span - 7_200_000L)));
            s.verifiedAt[i] = SellerPopulation.NEVER;
            if (rng.nextDouble() < (s.scammer[i] ? 0.03 : 0.35)) {
                long at = s.registeredAt[i] + 60_000 + (long) (rng.nextExponential() * 2 * SimulationConfig.DAY_MILLIS);
                if (at < config.endMillis()) {
                    s.verifiedAt[i] = at;
                }
            }
            s.care[i] = s.scammer[i] ? 0.6 : 0.75 + 0.25 * rng.nextDouble();
            s.mainCategory[i] = s.scammer[i] ? SCAM_CATEGORIES[rng.nextInt(SCAM_CATEGORIES.length)]
                    : categories.draw(rng);
            s.volume[i] = Math.exp(rng.nextGaussian()) * (s.scammer[i] ? 0.4 : 1.0);
        }
        assignPatterns(s, config);
        return s;
    }

    /**
     * Gives each scammer a pattern, from a stream of its own so the rest of the world is drawn as
     * before. Sleepers register early, verify like honest sellers, list like them and wake a third
     * to two thirds of the way through the span; ring members are grouped in order of their ids.
     */
    private static void assignPatterns(SellerPopulation s, SimulationConfig config) {
        SplittableRandom rng = RandomStreams.of(config.seed(), RandomStreams.FRAUD);
        WeightedChoice categories = ListingFactory.categoryPopularity();
        long start = config.startMillis();
        long span = config.endMillis() - start;
        int rings = 0;
        int inRing = 0;
        for (int i = 0; i < s.count; i++) {
            s.ring[i] = -1;
            s.wakeAt[i] = NEVER;
            if (!s.scammer[i]) {
                s.pattern[i] = FraudPattern.NONE;
                continue;
            }
            double u = rng.nextDouble();
            int p = 0;
            while (u >= PATTERN_SHARES[p]) {
                p++;
            }
            s.pattern[i] = FraudPattern.values()[p + 1];
            switch (s.pattern[i]) {
                case PHOTO_RING -> {
                    if (inRing == RING_SIZE) {
                        rings++;
                        inRing = 0;
                    }
                    s.ring[i] = rings;
                    inRing++;
                }
                case SLEEPER -> {
                    s.registeredAt[i] = start + rng.nextLong(Math.min(3_600_000L, Math.max(1, span / 4)));
                    s.wakeAt[i] = start + span / 3 + rng.nextLong(Math.max(1, span / 3));
                    s.verifiedAt[i] = rng.nextDouble() < 0.5
                            ? s.registeredAt[i] + 60_000 + rng.nextLong(Math.max(1, s.wakeAt[i] - s.registeredAt[i]))
                            : NEVER;
                    s.care[i] = 0.75 + 0.25 * rng.nextDouble();
                    s.mainCategory[i] = categories.draw(rng);
                    s.volume[i] = Math.exp(rng.nextGaussian());
                }
                default -> {
                    // blatant and gentle sellers keep what was drawn for every scammer
                }
            }
        }
    }

    /** Whether seller {@code s}'s listing published at {@code at} is bait (what a fraud model should catch). */
    boolean bait(int s, long at) {
        return scammer[s] && (pattern[s] != FraudPattern.SLEEPER || at >= wakeAt[s]);
    }

    private static void markScammers(SellerPopulation s, SplittableRandom rng) {
        // at least two scammers once there are ten sellers, so small simulations still show fraud
        int k = s.count < 10 ? 0 : Math.max(2, (int) Math.round(s.count * SCAMMER_SHARE));
        int[] order = new int[s.count];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            s.scammer[order[i]] = true;
        }
    }

    private static int index(String slug) {
        for (int i = 0; i < Categories.ALL.size(); i++) {
            if (Categories.ALL.get(i).slug().equals(slug)) {
                return i;
            }
        }
        throw new IllegalStateException("no category " + slug);
    }
}
