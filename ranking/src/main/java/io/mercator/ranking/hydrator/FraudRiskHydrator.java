package io.mercator.ranking.hydrator;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.SellerState;
import io.mercator.events.Categories;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Attaches a {@link FraudRisk} to every candidate from four signals: buyer reports against the
 * seller (and a ban, though banned sellers are filtered earlier), an asking price far below the
 * category's usual price (the running average when hydrated, else the category's median), a new
 * seller posting many listings at once, and a photo that image analysis found in another seller's
 * listing (stolen photos are how fake listings are made; alone it sends the listing to moderation,
 * with a cheap price it keeps it out of the feed). The fraud screen acts on it after scoring. Reads only
 * memory, so it is pure code and fails closed; run after the online features, whose category
 * average prices it uses when they were read.
 */
public final class FraudRiskHydrator implements FeatureHydrator {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("fraud-risk");

    /** Price below this share of the category's usual price starts to count. */
    static final double CHEAP_RATIO = 0.3;
    static final double MAX_PRICE_RISK = 0.7;
    static final double MAX_REPORT_RISK = 0.6;
    static final double REPORT_SCALE = 3;
    static final long NEW_SELLER_MS = 14 * 86_400_000L;
    static final int MANY_LISTINGS = 20;
    static final double NEW_SELLER_RISK = 0.5;
    static final double PHOTO_REUSE_RISK = 0.6;

    private final CatalogView catalog;
    private final SellerListingCounts counts;

    public FraudRiskHydrator(CatalogView catalog, SellerListingCounts counts) {
        this.catalog = catalog;
        this.counts = counts;
    }

    @Override
    public Future<Hydrated> hydrate(RankingQuery query, Hydrated hydrated) {
        List<Candidate> out = new ArrayList<>(hydrated.candidates().size());
        for (Candidate c : hydrated.candidates()) {
            Double average = hydrated.categoryAveragePrices().get(c.listing().category());
            out.add(c.screened(assess(c, average, query.nowMillis())));
        }
        return Future.succeededFuture(new Hydrated(out, hydrated.categoryAveragePrices(), hydrated.featureNames(),
                hydrated.rows()));
    }

    FraudRisk assess(Candidate c, Double categoryAverage, long now) {
        FraudRisk risk = FraudRisk.NONE;
        Optional<SellerState> seller = catalog.seller(c.sellerId());
        if (seller.isPresent()) {
            SellerState s = seller.get();
            if (s.banned()) {
                return risk.with("seller-banned", 1);
            }
            // the first reports say the most; many reports alone stay below the drop threshold
            risk = risk.with("seller-reports", MAX_REPORT_RISK * (1 - Math.exp(-s.reports() / REPORT_SCALE)));
            boolean isNew = s.registeredAt() > 0 && now - s.registeredAt() < NEW_SELLER_MS;
            if (isNew && counts.liveListings(s.id()) >= MANY_LISTINGS) {
                risk = risk.with("new-seller-many-listings", NEW_SELLER_RISK);
            }
        }
        if (!catalog.photoReusedFrom(c.listing().id()).isEmpty()) {
            risk = risk.with("photo-reused-from-other-seller", PHOTO_REUSE_RISK);
        }
        double usual = usualPrice(c.listing().category(), categoryAverage);
        double price = c.features() != null && c.features().known() ? c.features().price() : c.listing().price();
        if (usual > 0 && price >= 0 && price < CHEAP_RATIO * usual) {
            risk = risk.with("price-far-below-category", MAX_PRICE_RISK * (1 - price / (CHEAP_RATIO * usual)));
        }
        return risk;
    }

    private static double usualPrice(String category, Double average) {
        if (average != null && average > 0) {
            return average;
        }
        return Categories.exists(category) ? Categories.bySlug(category).medianPrice() : 0;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
