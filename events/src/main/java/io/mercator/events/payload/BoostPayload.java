package io.mercator.events.payload;

/** Boost family: keyed by the boosted listing's id. */
public sealed interface BoostPayload extends EventPayload {

    /** A paid boost starts: budget and bid in THB, ends at an epoch-millisecond time. */
    record CampaignStarted(String campaignId, double budget, double bidPerClick, long endsAt) implements BoostPayload {
    }

    record BudgetChanged(String campaignId, double budget) implements BoostPayload {
    }

    /** Budget spent on clicks, in THB. */
    record Spend(String campaignId, double amount) implements BoostPayload {
    }
}
