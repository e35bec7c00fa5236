package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.payload.ListingPayload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the world's listings and writes their {@code listing.published} payloads.
 *
 * <p>Ten listings per buyer, spread over sellers by their volume. Prices follow the category's
 * log-normal band, moved by condition; bait asks a fraction of the fair price (blatant bait a
 * small fraction, the other {@link FraudPattern}s just below it). Titles and
 * descriptions are written at publication from a per-listing random stream, so the text of a
 * listing does not depend on what else was generated before it.
 */
final class ListingFactory {

    /**
     * Listings planned per buyer: ten, plus a margin for the listings of sellers banned before
     * they post them, so that a run publishes at least ten per buyer.
     */
    static final double LISTINGS_PER_USER = 10.2;
    static final double THAI_SHARE = 0.6;
    /** Share of an early seller's listings that are already on the marketplace when the span starts. */
    private static final double INITIAL_INVENTORY = 0.45;
    private static final long MINUTE = 60_000L, HOUR = 3_600_000L;
    /** Share of a sleeper's listings that are bait (posted after it wakes). */
    static final double SLEEPER_BAIT_SHARE = 0.5;
    /** Share of non-blatant bait whose description pushes for payment up front. */
    static final double SUBTLE_PRESSURE_SHARE = 0.3;
    /** Photos each ring shares among its accounts. */
    static final int RING_PHOTOS = 5;

    private final long seed;
    private final SellerPopulation sellers;
    private final ListingPlan plan;

    private ListingFactory(long seed, SellerPopulation sellers, ListingPlan plan) {
        this.seed = seed;
        this.sellers = sellers;
        this.plan = plan;
    }

    static WeightedChoice categoryPopularity() {
        double[] w = new double[Categories.ALL.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Vocabulary.CATEGORIES.get(i).popularity();
        }
        return new WeightedChoice(w);
    }

    static ListingFactory plan(SimulationConfig config, SellerPopulation sellers) {
        SplittableRandom rng = RandomStreams.of(config.seed(), RandomStreams.LISTINGS);
        ListingPlan p = new ListingPlan((int) Math.ceil(config.users() * LISTINGS_PER_USER));
        WeightedChoice bySeller = new WeightedChoice(sellers.volume);
        WeightedChoice byPopularity = categoryPopularity();
        long start = config.startMillis();
        long end = config.endMillis();
        for (int i = 0; i < p.count; i++) {
            int s = bySeller.draw(rng);
            FraudPattern pattern = sellers.pattern[s];
            SplittableRandom fraud = RandomStreams.of(config.seed(), RandomStreams.FRAUD, i);
            boolean sleeperBait = pattern == FraudPattern.SLEEPER && fraud.nextDouble() < SLEEPER_BAIT_SHARE;
            boolean scam = sellers.scammer[s] && (pattern != FraudPattern.SLEEPER || sleeperBait);
            p.ids[i] = Ids.padded("listing-", i + 1, 6);
            p.seller[i] = s;
            p.bait[i] = scam;
            p.pressure[i] = scam && (pattern == FraudPattern.BLATANT || fraud.nextDouble() < SUBTLE_PRESSURE_SHARE);
            p.ringPhoto[i] = scam && pattern == FraudPattern.PHOTO_RING
                    ? sellers.ring[s] * RING_PHOTOS + fraud.nextInt(RING_PHOTOS) : -1;
            int cat = rng.nextDouble() < 0.6 && !sleeperBait ? sellers.mainCategory[s]
                    : scam ? SellerPopulation.SCAM_CATEGORIES[rng.nextInt(SellerPopulation.SCAM_CATEGORIES.length)]
                    : byPopularity.draw(rng);
            p.category[i] = cat;
            // scammers claim their bait is new or like new
            Condition cond = scam ? (rng.nextDouble() < 0.5 ? Condition.NEW : Condition.LIKE_NEW)
                    : Condition.draw(rng.nextDouble());
            p.condition[i] = (byte) cond.ordinal();
            Vocabulary.CategoryWords words = Vocabulary.CATEGORIES.get(cat);
            p.item[i] = rng.nextInt(words.items().size());
            p.spec[i] = rng.nextDouble() < 0.6 ? rng.nextInt(words.specs().size()) : -1;
            p.thai[i] = rng.nextDouble() < THAI_SHARE;

            Categories.Category c = Categories.ALL.get(cat);
            double fair = c.medianPrice() * cond.priceFactor();
            double raw = !scam ? fair * Math.exp(c.priceSpread() * rng.nextGaussian())
                    : switch (pattern) {
                        case BLATANT -> fair * (0.15 + 0.25 * rng.nextDouble());
                        case SLEEPER -> fair * (0.4 + 0.35 * rng.nextDouble());
                        default -> fair * (0.55 + 0.3 * rng.nextDouble());
                    };
            p.price[i] = Prices.asking(raw);
            p.priceLogRatio[i] = Math.log(p.price[i] / fair);

            double u = rng.nextDouble();
            p.stock[i] = scam ? 1 + rng.nextInt(3) : u < 0.85 ? 1 : u < 0.95 ? 2 + rng.nextInt(4) : 6 + rng.nextInt(15);
            p.photos[i] = scam && pattern == FraudPattern.BLATANT ? 1 + rng.nextInt(2)
                    : (int) Geography.clamp(Math.round(3.5 + 1.8 * rng.nextGaussian()), 1, 8);
            p.province[i] = rng.nextDouble() < 0.9 ? sellers.province[s] : Geography.drawProvince(rng);
            GeoPoint at = Geography.around(p.province[i], rng);
            p.lat[i] = at.lat();
            p.lon[i] = at.lon();

            double appeal = 0.6 + 0.4 * rng.nextDouble();
            double photoFactor = 0.55 + 0.45 * Math.min(p.photos[i], 6) / 6.0;
            p.quality[i] = cond.quality * photoFactor * sellers.care[s] * appeal * (scam ? 0.3 : 1.0);

            p.publishedAt[i] = pattern == FraudPattern.SLEEPER
                    ? sleeperTime(fraud, sellers.registeredAt[s], sellers.wakeAt[s], sleeperBait, end)
                    : publicationTime(rng, sellers.registeredAt[s], scam, start, end);
        }
        return new ListingFactory(config.seed(), sellers, p);
    }

    private static long publicationTime(SplittableRandom rng, long registeredAt, boolean scam, long start, long end) {
        long lo = registeredAt + MINUTE;
        long hi = end - MINUTE;
        if (hi <= lo) {
            return lo;
        }
        if (scam) {
            // scammers post their bait in a burst soon after opening the account
            return lo + rng.nextLong(Math.min(hi - lo, 2 * SimulationConfig.DAY_MILLIS));
        }
        if (registeredAt < start + HOUR && rng.nextDouble() < INITIAL_INVENTORY) {
            return lo + rng.nextLong(Math.min(hi - lo, 6 * HOUR));
        }
        return lo + rng.nextLong(hi - lo);
    }

    /** A sleeper's honest listings come between registering and waking, its bait within two days of waking. */
    private static long sleeperTime(SplittableRandom rng, long registeredAt, long wakeAt, boolean bait, long end) {
        long lo = bait ? wakeAt : registeredAt + MINUTE;
        long hi = Math.min(end - MINUTE, bait ? wakeAt + 2 * SimulationConfig.DAY_MILLIS : wakeAt);
        return hi <= lo ? lo : lo + rng.nextLong(hi - lo);
    }

    ListingPlan plan() {
        return plan;
    }

    /**
     * What image analysis reports for a ring's bait: its first photo is one of the ring's shared
     * photos (the fingerprint of that photo), and a duplicate of the listings of other accounts that
     * showed it before. Its own address, as a re-uploaded copy would have.
     */
    ListingPayload.PhotoAnalyzed ringPhotoAnalysis(int i, List<String> earlierListings) {
        int shared = plan.ringPhoto[i];
        long h = RandomStreams.mix(seed ^ (0x5048_4F54_4FL + shared));
        return new ListingPayload.PhotoAnalyzed("photos/" + plan.ids[i] + "/1.jpg", sellers.ids[plan.seller[i]],
                List.of(java.util.HexFormat.of().toHexDigits(h), java.util.HexFormat.of().toHexDigits(RandomStreams.mix(h))),
                null, null, null, null, List.of(), 1.0, earlierListings, "simulator");
    }

    /** The payload announcing listing {@code i}. */
    ListingPayload.Published published(int i) {
        SplittableRandom rng = RandomStreams.of(seed, RandomStreams.TEXT, i);
        ListingPlan p = plan;
        Condition cond = Condition.of(p.condition[i]);
        boolean thai = p.thai[i];
        int s = p.seller[i];
        String province = Geography.name(p.province[i]);
        String title = Vocabulary.title(p.category[i], p.item[i], p.spec[i], cond, thai, rng);
        String description = Vocabulary.description(p.category[i], p.item[i], cond, thai, province,
                p.pressure[i], rng);
        List<String> photos = new ArrayList<>(p.photos[i]);
        for (int k = 1; k <= p.photos[i]; k++) {
            photos.add("photos/" + p.ids[i] + "/" + k + ".jpg");
        }
        return new ListingPayload.Published(sellers.ids[s], title, description, thai ? "th" : "en",
                Categories.ALL.get(p.category[i]).slug(), p.price[i], cond.wire, p.stock[i], List.copyOf(photos),
                province, p.lat[i], p.lon[i]);
    }
}
