package io.mercator.events.payload;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Boost family: keyed by the boosted listing's id. Sponsored slots are charged per impression
 * (CPM): the seller names a price per 1,000 sponsored impressions, and each impression served in a
 * sponsored slot spends a thousandth of it.
 */
public sealed interface BoostPayload extends EventPayload {

    /**
     * A paid boost starts at the event's time: budget and bid in THB, the flight ends at an
     * epoch-millisecond time.
     *
     * @param bidPerMille the price of 1,000 sponsored impressions. Logs written before pricing per
     *                    impression named the bid {@code bidPerClick}; such an event is read with that
     *                    value as its price per 1,000 impressions, so an old log still replays
     */
    record CampaignStarted(String campaignId, double budget, @JsonAlias("bidPerClick") double bidPerMille, long endsAt)
            implements BoostPayload {
    }

    record BudgetChanged(String campaignId, double budget) implements BoostPayload {
    }

    /**
     * Budget spent, in THB. The ranker writes one per sponsored impression, its id derived from the
     * request and the listing, so a retried append charges once; an aggregate written elsewhere
     * (a day's spend) is one event too.
     */
    record Spend(String campaignId, double amount) implements BoostPayload {
    }
}
