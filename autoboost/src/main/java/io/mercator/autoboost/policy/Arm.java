package io.mercator.autoboost.policy;

/**
 * One campaign that may fill a slot of this request, with what the ledger knows about it: the
 * arm a policy scores.
 *
 * @param listingId          the boosted listing
 * @param campaignId         its live campaign
 * @param pctr               the ranker's click probability for this buyer (or the configured default)
 * @param pcvr               the ranker's order probability given a click (or the configured default)
 * @param price              the charge for one impression, THB
 * @param momentum           the listing's views per hour now against its baseline (1 = steady)
 * @param recentImpressions  sponsored impressions, weighted by recency
 * @param recentClicks       clicks on those, weighted the same way
 * @param recentExpected     the clicks the ranker predicted for those impressions, weighted the same way
 * @param clicks             sponsored clicks over the ledger's window, unweighted
 * @param orders             orders from sponsored impressions over the window, unweighted
 * @param lastServedAt       when it last filled a slot, epoch milliseconds; 0 if never
 * @param behindPace         how far the campaign's spend is behind its ideal spend now, as a share of its
 *                           budget (0 when on or ahead of pace)
 */
public record Arm(String listingId, String campaignId, double pctr, double pcvr, double price, double momentum,
                  double recentImpressions, double recentClicks, double recentExpected, long clicks, long orders,
                  long lastServedAt, double behindPace) {
}
