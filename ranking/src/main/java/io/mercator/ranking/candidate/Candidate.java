package io.mercator.ranking.candidate;

import io.mercator.autoboost.Placement;
import io.mercator.catalog.Listing;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.ranking.hydrator.FraudRisk;
import io.mercator.ranking.hydrator.ServedRow;

/**
 * A listing on its way through the pipeline. Each stage returns new records (recall fills the
 * scores, the merge the listing and distance, hydration the features and the row, scoring the
 * predictions); a field a stage has not reached yet is null.
 *
 * @param listingId    the listing
 * @param recallScores score by recall source id (BM25, cosine, popularity rank); not comparable
 *                     across sources
 * @param recallRank   position in the merged recall list, 0-based; the last tie-breaker
 * @param listing      the catalog's listing; null only inside a candidate source
 * @param distanceKm   from the query's origin; null when the query has none
 * @param features     the served product features; null when hydration fell back
 * @param row          the feature row the models saw; null when hydration fell back
 * @param pctr         predicted click-through rate; null unless a model scored it
 * @param pcvr         predicted conversion given a click; null unless a model scored it
 * @param score        the final score (0 before scoring)
 * @param fraudRisk    the fraud check's verdict; null before the check
 * @param sponsored    placed in a sponsored slot
 * @param forReview    kept, but to be shown to a moderator (a borderline fraud risk)
 * @param placement    the campaign paying for its sponsored slot, its charge reserved; null when organic or
 *                     placed by an admin force-boost
 */
public record Candidate(String listingId, RecallScores recallScores, int recallRank, Listing listing,
                        Double distanceKm, ProductFeatures features, ServedRow row, Double pctr, Double pcvr,
                        double score, FraudRisk fraudRisk, boolean sponsored, boolean forReview, Placement placement) {

    /** What a candidate source returns: an id and the source's score for it. */
    public static Candidate recalled(String listingId, String sourceId, double score) {
        return new Candidate(listingId, RecallScores.of(sourceId, score), -1, null, null, null, null, null, null, 0,
                null, false, false, null);
    }

    /** The same candidate with another source's scores added: what the merge does with a listing found twice. */
    public Candidate alsoRecalled(RecallScores more) {
        return new Candidate(listingId, recallScores.with(more), recallRank, listing, distanceKm, features, row,
                pctr, pcvr, score, fraudRisk, sponsored, forReview, placement);
    }

    public String sellerId() {
        return listing.sellerId();
    }

    public Candidate located(Listing l, Double km, int rank) {
        return new Candidate(listingId, recallScores, rank, l, km, features, row, pctr, pcvr, score, fraudRisk,
                sponsored, forReview, placement);
    }

    public Candidate hydrated(ProductFeatures f, ServedRow r) {
        return new Candidate(listingId, recallScores, recallRank, listing, distanceKm, f, r, pctr, pcvr, score,
                fraudRisk, sponsored, forReview, placement);
    }

    public Candidate scored(Double ctr, Double cvr, double finalScore) {
        return new Candidate(listingId, recallScores, recallRank, listing, distanceKm, features, row, ctr, cvr,
                finalScore, fraudRisk, sponsored, forReview, placement);
    }

    public Candidate screened(FraudRisk risk) {
        return new Candidate(listingId, recallScores, recallRank, listing, distanceKm, features, row, pctr, pcvr,
                score, risk, sponsored, forReview, placement);
    }

    /** The same candidate in a sponsored slot, paid by {@code placement} (null for an admin force-boost). */
    public Candidate asSponsored(Placement placement) {
        return new Candidate(listingId, recallScores, recallRank, listing, distanceKm, features, row, pctr, pcvr,
                score, fraudRisk, true, forReview, placement);
    }

    /** The same candidate, marked to be shown to a moderator. */
    public Candidate markedForReview() {
        return new Candidate(listingId, recallScores, recallRank, listing, distanceKm, features, row, pctr, pcvr,
                score, fraudRisk, sponsored, true, placement);
    }
}
