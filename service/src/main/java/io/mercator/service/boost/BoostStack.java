package io.mercator.service.boost;

import io.mercator.autoboost.AutoboostProjection;
import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.BoostLedger;
import io.mercator.autoboost.Pacing;
import io.mercator.autoboost.policy.BoostPolicy;
import io.mercator.autoboost.policy.MomentumHeuristic;
import io.mercator.autoboost.policy.ThompsonSampling;
import io.mercator.events.projection.Projection;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the auto-boost agent: the ledger (a projection of the log) charging against budget leased
 * from the online store (so several instances share a budget), the policy the configuration names,
 * pacing, and the agent's metrics. Wiring only; the parts are tested in {@code autoboost}.
 */
public final class BoostStack {

    private final BoostLedger ledger;
    private final BoostAgent agent;

    public BoostStack(MeterRegistry registry, MercatorConfig.Autoboost config, OnlineStore store) {
        this.ledger = new BoostLedger(new SharedBudgetLeases(store, Clock.systemUTC()));
        BoostPolicy policy = switch (config.policy()) {
            case THOMPSON -> ThompsonSampling.defaults();
            case MOMENTUM -> new MomentumHeuristic();
        };
        Pacing pacing = new Pacing(config.paceSlack());
        BoostAgent.Settings settings = new BoostAgent.Settings(config.defaultPctr(), config.defaultPcvr(),
                config.recencyHalfLifeHours(), pacing, config.catchUp());
        // requests run on many threads: each draws from its own thread's generator
        this.agent = new BoostAgent(ledger, policy, settings, () -> ThreadLocalRandom.current().nextLong(),
                new BoostMetrics(registry, ledger, pacing, policy.id()));
    }

    public BoostAgent agent() {
        return agent;
    }

    public BoostLedger ledger() {
        return ledger;
    }

    public List<Projection> projections() {
        return List.of(new AutoboostProjection(ledger));
    }

    /** Gives the budget this instance leased and did not spend back to the others (it is stopping). */
    public Future<Void> close() {
        return ledger.giveBackLeases();
    }
}
