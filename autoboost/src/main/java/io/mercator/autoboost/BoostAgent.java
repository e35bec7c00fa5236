package io.mercator.autoboost;

import io.mercator.autoboost.policy.Arm;
import io.mercator.autoboost.policy.BoostPolicy;
import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The auto-boost agent: decides which campaigns fill the sponsored slots of one request, and
 * reserves their charges. Of the eligible listings (the caller's offers), those whose campaign may
 * spend now (in flight, budget left, not ahead of its pace: {@link Pacing}) are scored once each by
 * the policy, and a campaign behind its pace has its score raised ({@link Settings#catchUp}: by
 * {@code e^(catchUp * behind)}, behind as a share of its budget), so a campaign whose buyers are
 * contested still spends its budget by the end of its flight; the best take the slots, best first, each charge reserved in the ledger before the
 * answer leaves, so concurrent requests never spend past a budget. Charging is per impression
 * (CPM): each placement carries its {@code boost.spend} event, whose id is derived from the request
 * and the listing.
 */
public final class BoostAgent {

    /**
     * @param defaultPctr          the click probability assumed when no model scored the buyer
     * @param defaultPcvr          the order probability given a click assumed likewise
     * @param recencyHalfLifeHours how fast old sponsored clicks lose weight in the posteriors
     * @param pacing               how far ahead of its ideal spend a campaign may run
     * @param catchUp              how hard a campaign behind its pace bids: its score times
     *                             {@code e^(catchUp * behind)}, so 1% of its budget behind multiplies it by 2.7 at 100
     */
    public record Settings(double defaultPctr, double defaultPcvr, double recencyHalfLifeHours, Pacing pacing,
                           double catchUp) {

        public static final Settings DEFAULTS = new Settings(0.03, 0.05, 12, new Pacing(0.01), 100);

        public Settings {
            if (!(defaultPctr > 0 && defaultPctr < 1) || !(defaultPcvr > 0 && defaultPcvr < 1)) {
                throw new IllegalArgumentException("default probabilities must be in (0,1)");
            }
            if (!(recencyHalfLifeHours > 0)) {
                throw new IllegalArgumentException("recencyHalfLifeHours must be positive");
            }
            Objects.requireNonNull(pacing, "pacing");
            if (!(catchUp >= 0)) {
                throw new IllegalArgumentException("catchUp must not be negative");
            }
        }
    }

    /** Told of every slot decided and of every charge that reached the log: for metrics. */
    public interface Listener {
        /**
         * @param chosen the arm that took the slot
         * @param gap    the regret proxy: the best expected score among the arms left for the slot minus the
         *               chosen arm's expected score, relative to the best (0 when the policy chose the best)
         */
        void filled(Arm chosen, double gap);

        /** A placement was served and its charge appended to the log ({@link #confirm}). */
        default void charged(Placement placement) {
        }

        Listener NONE = (chosen, gap) -> {
        };
    }

    private final BoostLedger ledger;
    private final BoostPolicy policy;
    private final Settings settings;
    private final UniformRandomProvider random;
    private final Listener listener;

    public BoostAgent(BoostLedger ledger, BoostPolicy policy, Settings settings, UniformRandomProvider random,
                      Listener listener) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public BoostPolicy policy() {
        return policy;
    }

    public BoostLedger ledger() {
        return ledger;
    }

    /**
     * Fills up to {@code slots} sponsored slots of request {@code requestId} from the eligible
     * {@code offers} (one per listing), best first; fewer when fewer campaigns may spend.
     */
    public List<Placement> place(String requestId, long now, int slots, List<Offer> offers) {
        if (slots <= 0 || offers.isEmpty()) {
            return List.of();
        }
        List<Arm> arms = ledger.armsFor(offers, now, settings);
        if (arms.isEmpty()) {
            return List.of();
        }
        double[] score = new double[arms.size()];
        double[] mean = new double[arms.size()];
        Integer[] order = new Integer[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            double pressure = Math.exp(settings.catchUp() * arms.get(i).behindPace());
            double s = policy.score(arms.get(i), random);
            score[i] = s >= 0 ? s * pressure : s / pressure;
            mean[i] = policy.expectedScore(arms.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]));
        boolean[] taken = new boolean[arms.size()];
        List<Placement> placements = new ArrayList<>(slots);
        for (int k = 0; k < order.length && placements.size() < slots; k++) {
            int i = order[k];
            Arm arm = arms.get(i);
            String chargeId = "spend:" + requestId + ":" + arm.listingId();
            if (!ledger.reserve(arm.campaignId(), chargeId, now, settings.pacing())) {
                continue; // another request took its last allowance meanwhile
            }
            taken[i] = true;
            ledger.servedNow(arm.listingId(), now);
            listener.filled(arm, gap(mean, taken, i));
            Event spend = Event.of(chargeId, now, arm.listingId(), new BoostPayload.Spend(arm.campaignId(), arm.price()));
            placements.add(new Placement(arm.listingId(), arm.campaignId(), arm.price(), arm.pctr(), spend));
        }
        return placements;
    }

    /**
     * The share of a slot's viewers who look at it, {@code 1/log2(1 + position)} (the DCG
     * examination model): an impression's expected clicks are the ranker's pCTR times this, so a
     * listing shown lower is not blamed for the clicks its slot cannot get.
     */
    public static double examination(int position) {
        return 1 / (Math.log(1 + position) / Math.log(2));
    }

    /** The placements were served and their charges appended to the log. */
    public void confirm(List<Placement> placements) {
        for (Placement p : placements) {
            listener.charged(p);
        }
    }

    /** Gives back the reservations of placements whose events did not reach the log. */
    public void release(List<Placement> placements) {
        for (Placement p : placements) {
            ledger.release(p.spend().id());
        }
    }

    private static double gap(double[] mean, boolean[] taken, int chosen) {
        double best = mean[chosen];
        for (int j = 0; j < mean.length; j++) {
            if (!taken[j] || j == chosen) {
                best = Math.max(best, mean[j]);
            }
        }
        return best > 0 ? (best - mean[chosen]) / best : 0;
    }
}
