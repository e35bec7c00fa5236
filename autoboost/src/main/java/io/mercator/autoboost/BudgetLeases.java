package io.mercator.autoboost;

import io.vertx.core.Future;

/**
 * Where a serving instance gets its share of a campaign's budget. Each instance keeps its own
 * ledger and sees the others' charges only when their {@code boost.spend} events come back through
 * the log, so without a shared gate two instances could each spend the last of a budget. Instead
 * an instance charges only against budget it has leased, a slice at a time, and the leases of all
 * instances together never exceed the budget: the budget holds however many instances serve and
 * however far behind the log they read.
 *
 * <p>Implementations: {@link #SOLE} for one instance alone (the simulator and the benchmark), and
 * the service's shared counter on the online store (in-process in the embedded default, Redis in
 * production), which is atomic across instances ({@code OnlineStore#addWithin}).
 */
public interface BudgetLeases {

    /**
     * Leases up to {@code wantMicros} more of the campaign's budget to this instance, never letting
     * the leases of all instances pass {@code budgetMicros}; completes with what was granted (0 when
     * the budget is all leased). {@code endsAt}: the end of the campaign's flight, after which the
     * record of its leases may go.
     */
    Future<Long> lease(String campaignId, long wantMicros, long budgetMicros, long endsAt);

    /** Gives back budget this instance leased and will not spend (it is stopping). */
    Future<Long> giveBack(String campaignId, long micros, long budgetMicros, long endsAt);

    /**
     * One instance serving alone: the whole budget is its own, every lease is granted at once, and
     * the ledger's own check (spend on the log plus reservations) is the whole truth.
     */
    BudgetLeases SOLE = new BudgetLeases() {
        @Override
        public Future<Long> lease(String campaignId, long wantMicros, long budgetMicros, long endsAt) {
            return Future.succeededFuture(wantMicros);
        }

        @Override
        public Future<Long> giveBack(String campaignId, long micros, long budgetMicros, long endsAt) {
            return Future.succeededFuture(-micros);
        }

        @Override
        public String toString() {
            return "sole instance";
        }
    };
}
