package io.mercator.autoboost;

/**
 * One boost campaign as the ledger holds it. Money is in THB.
 *
 * @param campaignId  the campaign
 * @param listingId   the boosted listing
 * @param budget      the budget now (a budget change replaces it)
 * @param bidPerMille the price of 1,000 sponsored impressions
 * @param startsAt    start of the flight, epoch milliseconds
 * @param endsAt      end of the flight, epoch milliseconds
 * @param spent       spend recorded on the log
 * @param reserved    spend reserved by requests being served, not yet on the log
 * @param impressions sponsored impressions served for it
 * @param clicks      clicks on those impressions
 * @param orders      orders from those impressions
 */
public record CampaignState(String campaignId, String listingId, double budget, double bidPerMille, long startsAt,
                            long endsAt, double spent, double reserved, long impressions, long clicks, long orders) {

    /** Budget not yet spent or reserved. */
    public double remaining() {
        return Math.max(0, budget - spent - reserved);
    }

    /** The price of one sponsored impression. */
    public double pricePerImpression() {
        return bidPerMille / 1_000;
    }

    /** In flight at {@code now}. */
    public boolean inFlight(long now) {
        return now >= startsAt && now < endsAt;
    }
}
