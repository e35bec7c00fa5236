package io.mercator.ranking.hydrator;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.SellerState;
import io.mercator.events.Categories;
import io.mercator.fraud.rule.FraudRule;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Attaches a {@link FraudRisk} to every candidate from {@link FraudRule}'s four signals: buyer reports against the
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

    /** The photo-reuse signal's risk alone (tests read it). */
    static final double PHOTO_REUSE_RISK = FraudRule.assess(
            new FraudRule.Inputs(false, 0, false, 0, true, 0, 0)).score();

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
        Optional<SellerState> seller = catalog.seller(c.sellerId());
        boolean banned = seller.map(SellerState::banned).orElse(false);
        int reports = seller.map(SellerState::reports).orElse(0);
        boolean isNew = seller.map(s -> s.registeredAt() > 0 && now - s.registeredAt() < FraudRule.NEW_SELLER_MS)
                .orElse(false);
        int live = isNew ? counts.liveListings(c.sellerId()) : 0;
        double price = c.features() != null && c.features().known() ? c.features().price() : c.listing().price();
        FraudRule.Assessment a = FraudRule.assess(new FraudRule.Inputs(banned, reports, isNew, live,
                !catalog.photoReusedFrom(c.listing().id()).isEmpty(), price,
                usualPrice(c.listing().category(), categoryAverage)));
        return new FraudRisk(a.score(), a.signals());
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
