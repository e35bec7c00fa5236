package io.mercator.service.boost;

import io.mercator.autoboost.BudgetLeases;
import io.mercator.hydration.store.OnlineStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Campaign budgets leased from the online store, one bounded counter per campaign
 * ({@code boost:budget:<campaign>}, field {@code leased}, in millionths of a baht): in the embedded
 * default the in-process store, in production Redis, where every instance leases from the same
 * counter in one atomic step. The counter outlives the campaign's flight by a day, then expires.
 */
public final class SharedBudgetLeases implements BudgetLeases {

    static final String FIELD = "leased";
    private static final Duration KEEP_AFTER_FLIGHT = Duration.ofDays(1);

    private final OnlineStore store;
    private final Clock clock;

    public SharedBudgetLeases(OnlineStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String key(String campaignId) {
        return "boost:budget:" + campaignId;
    }

    @Override
    public Future<Long> lease(String campaignId, long wantMicros, long budgetMicros, long endsAt) {
        return store.addWithin(key(campaignId), FIELD, wantMicros, budgetMicros, ttl(endsAt));
    }

    @Override
    public Future<Long> giveBack(String campaignId, long micros, long budgetMicros, long endsAt) {
        return store.addWithin(key(campaignId), FIELD, -micros, budgetMicros, ttl(endsAt));
    }

    private Duration ttl(long endsAt) {
        return Duration.ofMillis(Math.max(0, endsAt - clock.millis())).plus(KEEP_AFTER_FLIGHT);
    }

    @Override
    public String toString() {
        return "leases on " + store.getClass().getSimpleName();
    }
}
