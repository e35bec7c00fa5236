package io.mercator.autoboost;

/**
 * Even pacing: a campaign's ideal spend grows with the marketplace's traffic ({@link TrafficShape})
 * from nothing at the start of its flight to its budget at the end. A campaign may buy an impression only while what it has spent
 * and reserved, plus the impression, stays within its budget and within its ideal spend now plus
 * an allowance ({@code slack} of the budget, and at least one impression). Ahead of its pace it is
 * throttled; behind it, it may catch up as fast as slots come.
 *
 * @param slack the share of the budget a campaign may run ahead of its ideal spend
 */
public record Pacing(double slack) {

    public Pacing {
        if (!(slack >= 0 && slack < 1)) {
            throw new IllegalArgumentException("slack must be in [0,1), not " + slack);
        }
    }

    /** Spend the campaign should have reached at {@code now}, THB. */
    public static double idealSpend(CampaignState c, long now, TrafficShape traffic) {
        return c.budget() * traffic.share(c.startsAt(), c.endsAt(), now);
    }

    /** In flight, with budget left for an impression, but ahead of its pace. */
    public boolean throttled(CampaignState c, long now, TrafficShape traffic) {
        return c.inFlight(now) && c.remaining() >= c.pricePerImpression()
                && c.spent() + c.reserved() + c.pricePerImpression()
                > idealSpend(c, now, traffic) + Math.max(c.pricePerImpression(), slack * c.budget());
    }

    boolean maySpend(BoostLedger.Campaign c, long now, TrafficShape traffic) {
        if (now < c.startsAt || now >= c.endsAt) {
            return false;
        }
        long after = c.committedMicros() + c.priceMicros();
        if (after > c.budgetMicros) {
            return false;
        }
        double ideal = c.budgetMicros * traffic.share(c.startsAt, c.endsAt, now);
        return after <= ideal + Math.max(c.priceMicros(), slack * c.budgetMicros);
    }
}
