package io.mercator.fraud.features;

import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.projection.Projection;
import io.mercator.fraud.rule.FraudRule;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fraud features of every listing, projected from the log: a {@link FraudCase} is made when the
 * listing is published, from what the log said up to then (the seller's age, verification,
 * reports and pace; the usual price of the category and condition from earlier listings), and
 * completed by the analysis of its photos and by the reports and bans of its seller within
 * {@code horizon} of the publication. Later events do not change it, so the features a model is
 * trained on are the ones it had when it decided: the evaluation assesses each listing at the end
 * of its first day; the service, which decides on what it knows now, uses an unbounded horizon.
 *
 * <p>One thread applies (the runner's); readers get immutable {@link FraudCase}s from a
 * concurrent map. The runner de-duplicates events, so each is applied once.
 */
public final class FraudFeatureProjection implements Projection {

    static final long DAY = 86_400_000L;
    /** Earlier listings of a category and condition needed before their own price statistics are used. */
    static final int MIN_PRICE_SAMPLES = 20;
    /** Spread of ln(price) assumed while a category and condition has fewer samples. */
    static final double DEFAULT_LOG_SPREAD = 0.6;

    private final ConcurrentHashMap<String, FraudCase> cases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> impressions = new ConcurrentHashMap<>();
    private final Map<String, Seller> sellers = new HashMap<>();
    private final Map<String, PriceStats> prices = new HashMap<>();
    private final Map<String, String> listingSeller = new HashMap<>();
    private final long horizonMillis;
    /** Listings whose case was made or changed since {@link #drainChanged} was last called. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    /** Cases that follow their seller's reports and bans for {@code horizonMillis} after publication. */
    public FraudFeatureProjection(long horizonMillis) {
        if (horizonMillis < 0) {
            throw new IllegalArgumentException("horizon must not be negative");
        }
        this.horizonMillis = horizonMillis;
    }

    /** Cases that follow their seller for ever: what the service knows now. */
    public FraudFeatureProjection() {
        this(Long.MAX_VALUE);
    }

    private static final class Seller {
        long registeredAt = -1;
        boolean verified;
        boolean banned;
        int reports;
        int listings;
        int live;
        double priceRatioSum;
        int claimedNew;
        int cheap;
        /** The seller's listings of the last 24 hours, oldest first. */
        final ArrayDeque<Recent> recent = new ArrayDeque<>();
        final Set<String> categories = new HashSet<>();
        /** The seller's listings, oldest first. */
        final List<String> listingIds = new ArrayList<>();
    }

    private record Recent(long ts, boolean claimsNew, double priceRatio) {
    }

    /** Running mean and variance of ln(price) (Welford), and the arithmetic mean price. */
    private static final class PriceStats {
        long n;
        double mean;
        double m2;
        double priceSum;

        void add(double logPrice, double price) {
            n++;
            double d = logPrice - mean;
            mean += d / n;
            m2 += d * (logPrice - mean);
            priceSum += price;
        }

        double sd() {
            return n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
        }
    }

    @Override
    public String id() {
        return "fraud-features";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                applyOne(r.event());
            }
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void applyOne(Event e) {
        switch (e.data()) {
            case ListingPayload.Published p -> published(e, p);
            case ListingPayload.Removed ignored -> {
                String s = listingSeller.get(e.key());
                if (s != null) {
                    sellers.get(s).live--;
                }
            }
            case ListingPayload.PhotoAnalyzed p -> photoAnalyzed(e.key(), p);
            case SellerPayload.Registered ignored -> seller(e.key()).registeredAt = e.ts();
            case SellerPayload.Verified ignored -> seller(e.key()).verified = true;
            case SellerPayload.Reported ignored -> {
                seller(e.key()).reports++;
                followSeller(e.key(), e.ts(), false);
            }
            case SellerPayload.Banned ignored -> {
                seller(e.key()).banned = true;
                followSeller(e.key(), e.ts(), true);
            }
            case InteractionPayload.Impression i -> impressions.merge(i.listingId(), 1L, Long::sum);
            case InteractionPayload.Impressions i -> i.items().forEach(s -> impressions.merge(s.listingId(), 1L, Long::sum));
            default -> {
                // nothing else bears on fraud features
            }
        }
    }

    /** A report (or a ban) reaches the seller's cases still within their horizon, newest first. */
    private void followSeller(String sellerId, long ts, boolean ban) {
        List<String> ids = seller(sellerId).listingIds;
        for (int i = ids.size() - 1; i >= 0; i--) {
            FraudCase c = cases.get(ids.get(i));
            if (ts - c.publishedAt() > horizonMillis) {
                break;
            }
            if (ts < c.publishedAt()) {
                continue;
            }
            double[] f = c.features();
            FraudRule.Inputs r = c.rule();
            if (!ban) {
                f[FraudFeatures.SELLER_REPORTS]++;
            }
            cases.put(c.listingId(), new FraudCase(c.listingId(), c.sellerId(), c.publishedAt(), f,
                    new FraudRule.Inputs(r.banned() || ban, r.reports() + (ban ? 0 : 1), r.newSeller(), r.liveListings(),
                            r.photoReused(), r.price(), r.usualPrice()), 0));
            changed.add(c.listingId());
        }
    }

    private Seller seller(String id) {
        return sellers.computeIfAbsent(id, k -> new Seller());
    }

    private void published(Event e, ListingPayload.Published p) {
        if (cases.containsKey(e.key())) {
            return; // a listing is published once; a repeated announcement changes nothing
        }
        Seller s = seller(p.sellerId());
        long ts = e.ts();
        double price = Math.max(1, p.price());
        double logPrice = Math.log(price);
        double staticMedian = Categories.exists(p.category()) ? Categories.bySlug(p.category()).medianPrice() : 0;
        PriceStats byCondition = prices.get(p.category() + "|" + p.condition());
        PriceStats byCategory = prices.get(p.category());
        double refLog;
        double spread;
        if (byCondition != null && byCondition.n >= MIN_PRICE_SAMPLES) {
            refLog = byCondition.mean;
            spread = Math.max(0.1, byCondition.sd());
        } else if (byCategory != null && byCategory.n >= MIN_PRICE_SAMPLES) {
            refLog = byCategory.mean;
            spread = Math.max(0.1, byCategory.sd());
        } else {
            refLog = staticMedian > 0 ? Math.log(staticMedian) : logPrice;
            spread = DEFAULT_LOG_SPREAD;
        }
        double ratio = logPrice - refLog;

        while (!s.recent.isEmpty() && s.recent.peekFirst().ts() < ts - DAY) {
            s.recent.pollFirst();
        }
        double recentClaimsNew = 0;
        double recentRatio = 0;
        for (Recent r : s.recent) {
            recentClaimsNew += r.claimsNew() ? 1 : 0;
            recentRatio += r.priceRatio();
        }
        double ageDays = s.registeredAt < 0 ? 0 : Math.max(0, (ts - s.registeredAt) / (double) DAY);
        int last24h = s.recent.size();
        double usualDaily = (s.listings - last24h) / Math.max(1, ageDays - 1);

        double[] f = new double[FraudFeatures.WIDTH];
        f[FraudFeatures.PRICE_LOG_RATIO] = ratio;
        f[FraudFeatures.PRICE_Z] = ratio / spread;
        f[FraudFeatures.CATEGORY_PRICE_LEVEL] = staticMedian > 0 ? Math.log(staticMedian) : refLog;
        f[FraudFeatures.CLAIMS_NEW] = "new".equals(p.condition()) || "like_new".equals(p.condition()) ? 1 : 0;
        f[FraudFeatures.PHOTOS] = p.photos() == null ? 0 : p.photos().size();
        f[FraudFeatures.STOCK] = p.stock();
        f[FraudFeatures.SELLER_AGE_DAYS] = ageDays;
        f[FraudFeatures.SELLER_VERIFIED] = s.verified ? 1 : 0;
        f[FraudFeatures.SELLER_REPORTS] = s.reports;
        f[FraudFeatures.SELLER_LISTINGS] = s.listings;
        f[FraudFeatures.SELLER_LISTINGS_24H] = last24h;
        f[FraudFeatures.SELLER_BURST] = last24h / (1 + usualDaily);
        f[FraudFeatures.SELLER_NEW_CATEGORY] = s.listings >= 3 && !s.categories.contains(p.category()) ? 1 : 0;
        f[FraudFeatures.SELLER_PRICE_RATIO_MEAN] = s.listings == 0 ? 0 : s.priceRatioSum / s.listings;
        f[FraudFeatures.PHOTO_REUSED_OTHER_SELLERS] = 0;
        f[FraudFeatures.SELLER_CLAIMS_NEW_SHARE] = s.listings == 0 ? 0 : s.claimedNew / (double) s.listings;
        f[FraudFeatures.SELLER_CHEAP_SHARE] = s.listings == 0 ? 0 : s.cheap / (double) s.listings;
        f[FraudFeatures.SELLER_RECENT_CLAIMS_NEW_SHARE] = last24h == 0 ? 0 : recentClaimsNew / last24h;
        f[FraudFeatures.SELLER_RECENT_PRICE_RATIO_MEAN] = last24h == 0 ? 0 : recentRatio / last24h;

        boolean isNew = s.registeredAt >= 0 && ts - s.registeredAt < FraudRule.NEW_SELLER_MS;
        double usual = byCategory != null && byCategory.n >= MIN_PRICE_SAMPLES ? byCategory.priceSum / byCategory.n : staticMedian;
        FraudRule.Inputs rule = new FraudRule.Inputs(s.banned, s.reports, isNew, s.live + 1, false, p.price(), usual);
        cases.put(e.key(), new FraudCase(e.key(), p.sellerId(), ts, f, rule, 0));
        changed.add(e.key());
        listingSeller.put(e.key(), p.sellerId());

        s.listings++;
        s.listingIds.add(e.key());
        s.live++;
        s.recent.addLast(new Recent(ts, f[FraudFeatures.CLAIMS_NEW] > 0, ratio));
        s.categories.add(p.category());
        s.priceRatioSum += ratio;
        s.claimedNew += (int) f[FraudFeatures.CLAIMS_NEW];
        s.cheap += f[FraudFeatures.PRICE_Z] <= -1 ? 1 : 0;
        prices.computeIfAbsent(p.category() + "|" + p.condition(), k -> new PriceStats()).add(logPrice, price);
        prices.computeIfAbsent(p.category(), k -> new PriceStats()).add(logPrice, price);
    }

    private void photoAnalyzed(String listingId, ListingPayload.PhotoAnalyzed p) {
        FraudCase c = cases.get(listingId);
        if (c == null || p.duplicateOf().isEmpty()) {
            return;
        }
        double[] f = c.features();
        f[FraudFeatures.PHOTO_REUSED_OTHER_SELLERS] += p.duplicateOf().size();
        FraudRule.Inputs r = c.rule();
        cases.put(listingId, new FraudCase(listingId, c.sellerId(), c.publishedAt(), f,
                new FraudRule.Inputs(r.banned(), r.reports(), r.newSeller(), r.liveListings(), true, r.price(), r.usualPrice()),
                0));
        changed.add(listingId);
    }

    /** The listing's case with its impressions so far; empty for a listing the log has not published. */
    public Optional<FraudCase> fraudCase(String listingId) {
        FraudCase c = cases.get(listingId);
        if (c == null) {
            return Optional.empty();
        }
        return Optional.of(withImpressions(c));
    }

    /** The listings whose case was made or changed since the last call, forgotten as they are returned. */
    public Set<String> drainChanged() {
        Set<String> out = new HashSet<>();
        for (java.util.Iterator<String> it = changed.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** Every case, in no particular order. */
    public List<FraudCase> cases() {
        List<FraudCase> out = new ArrayList<>(cases.size());
        cases.values().forEach(c -> out.add(withImpressions(c)));
        return out;
    }

    private FraudCase withImpressions(FraudCase c) {
        long n = impressions.getOrDefault(c.listingId(), 0L);
        return n == c.impressions() ? c : new FraudCase(c.listingId(), c.sellerId(), c.publishedAt(), c.features(), c.rule(), n);
    }

    public int size() {
        return cases.size();
    }
}
