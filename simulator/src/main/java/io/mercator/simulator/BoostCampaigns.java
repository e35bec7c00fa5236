package io.mercator.simulator;

import io.mercator.events.payload.BoostPayload;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Paid boosts: a few honest sellers pay per impression (a price per 1,000, CPM) to have a listing
 * shown more. Boosted listings get an occasional extra slot in feeds; each time one is shown there
 * it spends a thousandth of its bid, until the budget or the campaign's time runs out, and the day's
 * spend is reported once per campaign and day.
 */
final class BoostCampaigns {

    private static final double SHARE_BOOSTED = 0.02;
    private static final double[] BUDGETS = {300, 500, 1_000, 2_000};

    private final ListingPlan plan;
    private final SellerPopulation sellers;
    private final MarketState state;
    private final EventStream out;
    private final RandomGenerator rng;
    private final int[] campaignOf;
    private final LivePool boosted;
    private int count;
    private int[] listing = new int[16];
    private double[] budget = new double[16];
    private double[] bid = new double[16];
    private long[] endsAt = new long[16];
    private double[] spent = new double[16];
    private double[] spentToday = new double[16];
    private int[] spentTodayOrder = new int[16];
    private int spentTodayCount;

    BoostCampaigns(ListingPlan plan, SellerPopulation sellers, MarketState state, EventStream out, RandomGenerator rng) {
        this.plan = plan;
        this.sellers = sellers;
        this.state = state;
        this.out = out;
        this.rng = rng;
        this.campaignOf = new int[plan.count];
        Arrays.fill(campaignOf, -1);
        this.boosted = new LivePool(LivePool.positions(plan.count));
    }

    /** Decides at publication whether the seller will boost the listing a day or two later. */
    void plan(int l, long publishedAt, Agenda agenda) {
        if (!sellers.scammer[plan.seller[l]] && rng.nextDouble() < SHARE_BOOSTED) {
            agenda.add(publishedAt + SimulationConfig.DAY_MILLIS + rng.nextLong(2 * SimulationConfig.DAY_MILLIS),
                    Agenda.BOOST_STARTED, l);
        }
    }

    void start(int l, long ts) {
        if (!state.servable(l) || campaignOf[l] >= 0) {
            return;
        }
        int c = count++;
        if (c == listing.length) {
            int n = c * 2;
            listing = Arrays.copyOf(listing, n);
            budget = Arrays.copyOf(budget, n);
            bid = Arrays.copyOf(bid, n);
            endsAt = Arrays.copyOf(endsAt, n);
            spent = Arrays.copyOf(spent, n);
            spentToday = Arrays.copyOf(spentToday, n);
            spentTodayOrder = Arrays.copyOf(spentTodayOrder, n);
        }
        listing[c] = l;
        budget[c] = BUDGETS[rng.nextInt(BUDGETS.length)];
        bid[c] = 10 * (2 + rng.nextInt(7)); // 20 to 80 THB per 1,000 impressions
        endsAt[c] = ts + (3 + rng.nextInt(5)) * SimulationConfig.DAY_MILLIS;
        campaignOf[l] = c;
        boosted.add(l);
        out.emit(ts, plan.ids[l], new BoostPayload.CampaignStarted(id(c), budget[c], bid[c], endsAt[c]));
    }

    /** A boosted listing with budget left, or -1; spent or expired campaigns leave the pool here. */
    int sample(long ts) {
        int l = boosted.sample(rng);
        if (l < 0) {
            return -1;
        }
        int c = campaignOf[l];
        if (ts >= endsAt[c] || spent[c] + price(c) > budget[c] || !state.servable(l)) {
            boosted.remove(l);
            return -1;
        }
        return l;
    }

    /** A boosted listing was shown in its boost slot: one impression's price is spent. */
    void shown(int l, long ts) {
        int c = campaignOf[l];
        if (c < 0 || ts >= endsAt[c] || spent[c] + price(c) > budget[c]) {
            return;
        }
        spent[c] += price(c);
        if (spentToday[c] == 0) {
            spentTodayOrder[spentTodayCount++] = c;
        }
        spentToday[c] += price(c);
    }

    private double price(int c) {
        return bid[c] / 1_000;
    }

    /** Reports the day's spend per campaign at the last millisecond of the day. */
    void endDay() {
        for (int i = 0; i < spentTodayCount; i++) {
            int c = spentTodayOrder[i];
            out.emit(out.lastMillis(), plan.ids[listing[c]], new BoostPayload.Spend(id(c), Prices.money(spentToday[c])));
            spentToday[c] = 0;
        }
        spentTodayCount = 0;
    }

    private static String id(int c) {
        return Ids.padded("cmp-", c + 1, 5);
    }
}
