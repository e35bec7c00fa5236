package io.mercator.service.boost;

import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.BoostLedger;
import io.mercator.autoboost.CampaignState;
import io.mercator.autoboost.Pacing;
import io.mercator.autoboost.Placement;
import io.mercator.autoboost.policy.Arm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/**
 * The auto-boost agent's meters: spend per campaign as it is charged ({@code rate()} of it is the
 * spend rate), sponsored slots filled, the sponsored click-through of the campaigns in flight, how
 * many are throttled by pacing, and the regret proxy (how far the chosen arm's expected bid was
 * below the best arm's; 0 when the policy took the best).
 */
final class BoostMetrics implements BoostAgent.Listener {

    private final MeterRegistry registry;
    private final Counter filled;
    private final DistributionSummary regret;

    BoostMetrics(MeterRegistry registry, BoostLedger ledger, Pacing pacing, String policy) {
        this.registry = registry;
        this.filled = Counter.builder("mercator.boost.sponsored.slots").tag("policy", policy)
                .description("sponsored slots served and charged to a paying campaign").register(registry);
        this.regret = DistributionSummary.builder("mercator.boost.regret.proxy").tag("policy", policy)
                .description("best arm's expected bid minus the chosen arm's, relative to the best")
                .publishPercentiles(0.5, 0.9).register(registry);
        Gauge.builder("mercator.boost.sponsored.ctr", ledger, BoostMetrics::sponsoredCtr)
                .description("clicks per sponsored impression of the campaigns in flight").register(registry);
        Gauge.builder("mercator.boost.throttled.campaigns", ledger, l -> throttled(l, pacing))
                .description("campaigns in flight with budget left that pacing holds back now").register(registry);
        FunctionCounter.builder("mercator.boost.lease.failures", ledger, BoostLedger::leaseFailures)
                .description("budget leases that failed (the shared store unreachable); no new budget is spent meanwhile")
                .register(registry);
        Gauge.builder("mercator.boost.live.campaigns", ledger, l -> l.boostedListings(System.currentTimeMillis()).size())
                .description("listings with a campaign in flight and budget left").register(registry);
    }

    @Override
    public void filled(Arm chosen, double gap) {
        regret.record(gap);
    }

    /** Counted once the charge is on the log: a preview, a warm-up or a failed append charges nothing. */
    @Override
    public void charged(Placement placement) {
        filled.increment();
        // one counter per campaign: campaigns end within days, and a scrape shows each one's spend rate
        Counter.builder("mercator.boost.spend.thb").tag("campaign", placement.campaignId())
                .description("spend charged per campaign, THB (per sponsored impression)").register(registry)
                .increment(placement.price());
    }

    private static double sponsoredCtr(BoostLedger ledger) {
        long now = System.currentTimeMillis();
        long impressions = 0;
        long clicks = 0;
        for (CampaignState c : ledger.campaigns()) {
            if (c.inFlight(now)) {
                impressions += c.impressions();
                clicks += c.clicks();
            }
        }
        return impressions == 0 ? Double.NaN : (double) clicks / impressions;
    }

    private static double throttled(BoostLedger ledger, Pacing pacing) {
        long now = System.currentTimeMillis();
        List<CampaignState> campaigns = ledger.campaigns();
        return campaigns.stream().filter(c -> pacing.throttled(c, now, ledger.traffic(now))).count();
    }
}
