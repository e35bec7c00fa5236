package io.mercator.ranking;

import io.mercator.ranking.pipeline.Pipeline;

/**
 * The two ranking pipelines, declared in one place, each read top to bottom as a request runs. The
 * components and their knobs are in {@link RankingComponents}; what each does when it fails is in
 * its own spec.
 */
public final class Pipelines {

    private Pipelines() {
    }

    /** GET /feed: what the buyer may like, near them. */
    public static Pipeline feed(RankingComponents c, RankingConfig config) {
        return Pipeline.named("feed", config.pipelineBudget())
                .hydrateQuery(c.userFeatures)
                .recall(
                        // the buyer's taste; nothing for a cold-start buyer...
                        c.buyerTasteNeighbours,
                        // ...who still gets what sells in their region, as everyone does
                        c.popularInRegion)
                // both down: what sells across Thailand
                .orElse(c.trending)
                // the boosted listings, so a sponsored slot may show one the sources missed
                .alsoRecall(c.boostedListings)
                .merge(c.merge)
                .filter(
                        // cheaper filters first: fields of the listing...
                        c.outOfStock, c.removedByModeration,
                        // ...then one catalog lookup per candidate...
                        c.bannedCategory, c.bannedSeller,
                        // ...then the distance (computed once at the merge, compared here)
                        c.beyondReach)
                // features from the online store, then the fraud risk, which reads their category prices
                .hydrate(c.onlineFeatures, c.fraudRisk)
                .score(c.clickModels.onlyIf((query, hydrated) -> hydrated.hasRows()))
                // no feature rows, no models, or the models failed: what is popular near the buyer
                .orElse(c.popularity)
                .select(
                        c.scoreOrder,
                        // before diversity, so a dropped listing does not leave a seller's run behind it
                        c.fraudScreen,
                        c.sellerDiversity,
                        // last: slots are fixed positions that nothing after may shift
                        c.sponsoredSlots)
                .explainWith(c.explainer.onlyIf(RankingQuery::explain))
                // the whole request over budget: the trending list, filtered
                .overBudget(c.trending)
                .afterServing(c.impressions, c.moderationFlags)
                .build();
    }

    /** GET /search: listings matching the text, by meaning and by words. */
    public static Pipeline search(RankingComponents c, RankingConfig config) {
        return Pipeline.named("search", config.pipelineBudget())
                .hydrateQuery(c.userFeatures)
                .recall(
                        // words: exact model numbers and brand names ("iphone 13 pro")
                        c.keywordMatches,
                        // meaning: Thai and English phrasings of the same thing
                        c.searchTextNeighbours)
                // both down: popular near the buyer beats an empty page
                .orElse(c.popularInRegion)
                .merge(c.merge)
                .filter(c.outOfStock, c.removedByModeration, c.bannedCategory, c.bannedSeller, c.beyondReach)
                .hydrate(c.onlineFeatures, c.fraudRisk)
                .score(c.clickModels.onlyIf((query, hydrated) -> hydrated.hasRows()))
                .orElse(c.popularity)
                .select(c.scoreOrder, c.fraudScreen, c.sellerDiversity, c.sponsoredSlots)
                .explainWith(c.explainer.onlyIf(RankingQuery::explain))
                .overBudget(c.trending)
                .afterServing(c.impressions, c.moderationFlags)
                .build();
    }
}
