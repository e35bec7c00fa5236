package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A closed-loop market for sponsored slots, built on the simulator's world (its buyers, listings and
 * hidden relevance): paid campaigns with budgets and flights, buyers' feed requests through the
 * day, and a policy under test deciding, request by request, which campaign fills the sponsored
 * slots ({@link #SLOTS}). What the policy decides changes what buyers do: a sponsored item is
 * clicked with probability {@code relevance · trend · positionBias(slot)}, the simulator's own
 * click model, and an order follows a click with the listing's hidden conversion rate.
 *
 * <p>Hidden momentum: about a third of the boosted listings trend (their appeal rises two to four
 * times around a moment of the run), some fade, most stay steady. Buyers' organic views of a
 * listing follow its trend, so its view velocity is a signal of the trend, not the trend itself.
 *
 * <p>What a policy may use: the buyer's eligible boosted listings (within the buyer's maximum
 * distance, campaign in flight) with a stand-in for the ranker's predictions, {@code pctr} (the
 * true relevance with a per-listing error the ranker does not know about, log-normal with
 * {@code sd} 0.5, and blind to the trend) and {@code pcvr} (the true conversion with a smaller
 * error), and the events on the log. {@link #truth} is for the oracle only.
 *
 * <p>Campaign budgets are drawn at 40-80% of what a listing can buy at its bid when evenly paced:
 * each eligible request's slots are shared among the campaigns eligible for it, and the budget fits
 * the share of the flight's most contested hour, so a well-paced campaign can spend its budget and
 * a policy decides where, not whether, the money goes. A run is a pure
 * function of the settings and the policy's decisions; each (request, listing) pair has its own
 * random draws, so two policies that show the same listing to the same request see the same
 * outcome.
 */
public final class SponsoredMarket {

    /** The sponsored slots of a feed, 1-based, best first. */
    public static final int[] SLOTS = {4, 12};
    private static final long HOUR = 3_600_000L;
    private static final long DAY = SimulationConfig.DAY_MILLIS;
    /** The demo world ends at a fixed moment, so every run sees the same days: 2026-01-01T00:00Z. */
    private static final long DEMO_END = 1_767_225_600_000L;

    /**
     * @param days           simulated days of requests
     * @param requestsPerDay feed requests a day
     * @param campaigns      boosted listings, each with one campaign
     * @param seed           the world, the requests, the campaigns and the outcomes
     */
    public record Settings(int days, int requestsPerDay, int campaigns, long seed) {

        public static final Settings DEFAULTS = new Settings(3, 200_000, 60, 7);

        public Settings {
            if (days < 1 || requestsPerDay < 1 || campaigns < 1) {
                throw new IllegalArgumentException("days, requests per day and campaigns must be positive");
            }
        }
    }

    /** A boosted listing a request may show, with the ranker's predictions for this buyer. */
    public record Eligible(String listingId, double pctr, double pcvr) {
    }

    /** One feed request: the buyer and the boosted listings eligible for it. */
    public record Request(int index, String requestId, long ts, String userId, List<Eligible> eligible) {
    }

    /**
     * A slot filled by the policy.
     *
     * @param spend the charge the policy reserved, appended to the log with the impression
     */
    public record Fill(String listingId, String campaignId, double pctr, Event spend) {
    }

    /** The policy under test: fills up to {@code SLOTS.length} slots, best first. */
    @FunctionalInterface
    public interface SlotFiller {
        List<Fill> fill(Request request);
    }

    /**
     * A campaign as planned.
     *
     * @param eligibleRequests requests of its flight it may fill (for sizing its budget)
     */
    public record Campaign(String campaignId, String listingId, double budget, double bidPerMille, long startsAt,
                           long endsAt, int eligibleRequests) {
    }

    /** What the sponsored slots earned, hour by hour of the run. */
    public record Tally(long[] impressions, long[] clicks, long[] orders, double[] spend) {

        public long totalClicks() {
            return Arrays.stream(clicks).sum();
        }

        public long totalOrders() {
            return Arrays.stream(orders).sum();
        }

        public long totalImpressions() {
            return Arrays.stream(impressions).sum();
        }

        public double totalSpend() {
            return Arrays.stream(spend).sum();
        }
    }

    private final Settings settings;
    private final SimulatedWorld world;
    private final BuyerPopulation buyers;
    private final ListingPlan plan;
    private final long start;
    private final long end;
    private final int[] campaignListing;
    private final Campaign[] campaigns;
    private final double[] rankerError;
    private final double[] cvrError;
    private final double[] trendPeak;
    private final long[] trendAt;
    private final long[] trendWidth;
    private final double[] viewsPerHour;
    private final long[] requestTs;
    private final int[] requestUser;
    private final java.util.Map<String, Integer> campaignByListing = new java.util.HashMap<>();

    public SponsoredMarket(Settings settings) {
        this.settings = settings;
        this.world = new SimulatedWorld(SimulationConfig.demo(DEMO_END));
        this.buyers = world.buyers();
        this.plan = world.listings();
        this.end = world.config().endMillis();
        this.start = end - settings.days() * DAY;
        SplittableRandom rng = new SplittableRandom(settings.seed());

        int n = settings.campaigns();
        campaignListing = new int[n];
        rankerError = new double[n];
        cvrError = new double[n];
        trendPeak = new double[n];
        trendAt = new long[n];
        trendWidth = new long[n];
        viewsPerHour = new double[n];
        boolean[] taken = new boolean[plan.count];
        for (int c = 0; c < n; c++) {
            int l;
            do {
                l = rng.nextInt(plan.count);
            } while (taken[l] || world.sellers().scammer[plan.seller[l]]);
            taken[l] = true;
            campaignListing[c] = l;
            rankerError[c] = Math.exp(0.5 * rng.nextGaussian());
            cvrError[c] = Math.exp(0.2 * rng.nextGaussian());
            double kind = rng.nextDouble();
            trendPeak[c] = kind < 0.35 ? 2 + 2 * rng.nextDouble() : kind < 0.5 ? 0.3 + 0.3 * rng.nextDouble() : 1;
            trendAt[c] = start + rng.nextLong(settings.days() * DAY);
            trendWidth[c] = (3 + rng.nextLong(6)) * HOUR;
            viewsPerHour[c] = 3 + 9 * rng.nextDouble();
        }

        // the request stream: buyers by activity, times by the hour-of-day curve (Thai time)
        int total = settings.days() * settings.requestsPerDay();
        requestTs = new long[total];
        requestUser = new int[total];
        WeightedChoice byActivity = new WeightedChoice(buyers.activity);
        WeightedChoice byHour = new WeightedChoice(BuyerBehaviour.SESSIONS_BY_LOCAL_HOUR);
        for (int i = 0; i < total; i++) {
            long dayStart = start + (long) (i / settings.requestsPerDay()) * DAY;
            long local = byHour.draw(rng) * HOUR + rng.nextLong(HOUR);
            long localStart = Math.floorMod(dayStart + BuyerBehaviour.THAI_OFFSET, DAY);
            requestTs[i] = dayStart + Math.floorMod(local - localStart, DAY);
        }
        Arrays.sort(requestTs);
        for (int i = 0; i < total; i++) {
            requestUser[i] = byActivity.draw(rng);
        }

        // flights of one to two days, starting in the first half of the run; budgets sized to what a
        // campaign can win: its fair share of the slots of the requests it is eligible for
        campaigns = new Campaign[n];
        long[] from = new long[n];
        long[] to = new long[n];
        for (int c = 0; c < n; c++) {
            from[c] = start + rng.nextLong(Math.max(1, settings.days() * DAY / 2));
            to[c] = Math.min(end, from[c] + DAY + rng.nextLong(DAY));
        }
        // each request's slots shared evenly among the campaigns eligible for it, hour by hour
        int hours = settings.days() * 24;
        double[][] fairShare = new double[n][hours];
        int[][] eligibleByHour = new int[n][hours];
        int[] eligible = new int[n];
        boolean[] isEligible = new boolean[n];
        for (int i = 0; i < total; i++) {
            int competing = 0;
            for (int c = 0; c < n; c++) {
                isEligible[c] = requestTs[i] >= from[c] && requestTs[i] < to[c] && reachable(requestUser[i], campaignListing[c]);
                competing += isEligible[c] ? 1 : 0;
            }
            int hour = (int) ((requestTs[i] - start) / HOUR);
            for (int c = 0; c < n; c++) {
                if (isEligible[c]) {
                    eligible[c]++;
                    eligibleByHour[c][hour]++;
                    fairShare[c][hour] += Math.min(1.0, (double) SLOTS.length / competing);
                }
            }
        }
        for (int c = 0; c < n; c++) {
            double bid = 20 + 10 * rng.nextInt(5);
            double reach = eligible[c] * leanestShare(fairShare[c], eligibleByHour[c]);
            double budget = Math.max(bid, Math.round(bid / 1_000 * reach * (0.4 + 0.4 * rng.nextDouble())));
            campaignByListing.put(plan.ids[campaignListing[c]], c);
            campaigns[c] = new Campaign(Ids.padded("sim-cmp-", c + 1, 4), plan.ids[campaignListing[c]], budget, bid,
                    from[c], to[c], eligible[c]);
        }
    }

    /**
     * The smallest share of the slots a campaign can count on per eligible request, over the hours
     * of its flight: evenly paced, a campaign buys the same share of its eligible requests every
     * hour, so its budget must fit the most contested hour, not the average. Hours with too few
     * eligible requests to say (the partial hours at either end of a flight) are left out.
     */
    private static double leanestShare(double[] fairShare, int[] eligibleByHour) {
        double leanest = 1;
        for (int h = 0; h < fairShare.length; h++) {
            if (eligibleByHour[h] >= 50) {
                leanest = Math.min(leanest, fairShare[h] / eligibleByHour[h]);
            }
        }
        return leanest;
    }

    public List<Campaign> campaigns() {
        return List.of(campaigns);
    }

    public long startMillis() {
        return start;
    }

    public long endMillis() {
        return end;
    }

    public int hours() {
        return settings.days() * 24;
    }

    /**
     * The hidden truth of a request for a listing: the probability that the buyer clicks it in the
     * top sponsored slot now, and orders after a click. For the oracle, never for a policy.
     */
    public double[] truth(Request request, String listingId) {
        int c = campaignOf(listingId);
        int u = requestUser[request.index()];
        int l = campaignListing[c];
        double click = Math.min(0.95, world.relevance(u, l, world.distanceKm(u, l)) * trend(c, request.ts()));
        return new double[]{click, conversion(l)};
    }

    /** The position bias of a sponsored slot (the simulator's examination probability). */
    public static double positionBias(int slot) {
        return RelevanceModel.positionBias(slot);
    }

    /**
     * Runs the market with {@code filler} deciding the sponsored slots: every event (campaign
     * starts, buyers' organic views, the served sponsored impressions and their charges, clicks,
     * orders) goes to {@code log} in time order, and {@code hourly} is told at every hour boundary.
     */
    public Tally run(SlotFiller filler, Consumer<Event> log, LongConsumer hourly) {
        int hours = hours();
        Tally tally = new Tally(new long[hours], new long[hours], new long[hours], new double[hours]);
        PriorityQueue<Pending> agenda = new PriorityQueue<>(
                Comparator.comparingLong(Pending::ts).thenComparingLong(Pending::seq));
        long[] seq = {0};
        Consumer<Event> later = e -> agenda.add(new Pending(e.ts(), seq[0]++, e));
        for (Campaign c : campaigns) {
            later.accept(Event.of("start:" + c.campaignId(), c.startsAt(), c.listingId(),
                    new BoostPayload.CampaignStarted(c.campaignId(), c.budget(), c.bidPerMille(), c.endsAt())));
        }
        scheduleViews(later);
        String[] userIds = buyers.ids;
        int next = 0;
        for (long hourEnd = start + HOUR; hourEnd <= end; hourEnd += HOUR) {
            while (next < requestTs.length && requestTs[next] < hourEnd) {
                long ts = requestTs[next];
                flush(agenda, ts, log);
                serve(next, ts, userIds[requestUser[next]], filler, later, log, tally);
                next++;
            }
            flush(agenda, hourEnd - 1, log);
            hourly.accept(hourEnd);
        }
        flush(agenda, Long.MAX_VALUE, log);
        return tally;
    }

    private void serve(int r, long ts, String userId, SlotFiller filler, Consumer<Event> later, Consumer<Event> log,
                       Tally tally) {
        int u = requestUser[r];
        List<Eligible> eligible = new ArrayList<>();
        for (int c = 0; c < campaigns.length; c++) {
            Campaign campaign = campaigns[c];
            if (ts >= campaign.startsAt() && ts < campaign.endsAt() && reachable(u, campaignListing[c])) {
                int l = campaignListing[c];
                double relevance = world.relevance(u, l, world.distanceKm(u, l));
                eligible.add(new Eligible(plan.ids[l], Math.min(0.9, relevance * rankerError[c]),
                        Math.min(0.9, conversion(l) * cvrError[c])));
            }
        }
        if (eligible.isEmpty()) {
            return;
        }
        String requestId = "sim-rq-" + r;
        Request request = new Request(r, requestId, ts, userId, List.copyOf(eligible));
        List<Fill> fills = filler.fill(request);
        if (fills.isEmpty()) {
            return;
        }
        int hour = (int) ((ts - start) / HOUR);
        List<InteractionPayload.Impressions.Shown> shown = new ArrayList<>(fills.size());
        for (int i = 0; i < fills.size() && i < SLOTS.length; i++) {
            Fill f = fills.get(i);
            log.accept(f.spend());
            tally.spend()[hour] += ((BoostPayload.Spend) f.spend().data()).amount();
            tally.impressions()[hour]++;
            shown.add(new InteractionPayload.Impressions.Shown(f.listingId(), SLOTS[i], null, f.campaignId(), f.pctr()));
        }
        log.accept(Event.of("imps:" + requestId, ts, userId, new InteractionPayload.Impressions(requestId, "feed", null,
                "sponsored-market", "android", null, shown)));
        for (int i = 0; i < shown.size(); i++) {
            Fill f = fills.get(i);
            double[] truth = truth(request, f.listingId());
            SplittableRandom draw = new SplittableRandom(RandomStreams.mix(settings.seed() * 31 + r) ^ f.listingId().hashCode());
            if (draw.nextDouble() < truth[0] * positionBias(SLOTS[i])) {
                long clickAt = ts + 3_000 + SLOTS[i] * 1_000L;
                later.accept(Event.of("click:" + requestId + ":" + f.listingId(), clickAt, userId,
                        new InteractionPayload.Click(requestId, f.listingId())));
                tally.clicks()[hour]++;
                if (draw.nextDouble() < truth[1]) {
                    int l = campaignListing[campaignOf(f.listingId())];
                    later.accept(Event.of("order:" + requestId + ":" + f.listingId(), clickAt + 600_000, userId,
                            new InteractionPayload.Order(requestId, f.listingId(), 1, Prices.money(plan.price[l]))));
                    tally.orders()[hour]++;
                }
            }
        }
    }

    /** Buyers' own views of the boosted listings, from a day before the run, following each listing's trend. */
    private void scheduleViews(Consumer<Event> later) {
        SplittableRandom rng = new SplittableRandom(RandomStreams.mix(settings.seed() ^ 0x5EED));
        double meanHourWeight = Arrays.stream(BuyerBehaviour.SESSIONS_BY_LOCAL_HOUR).average().orElse(1);
        long n = 0;
        for (long h = start - DAY; h < end; h += HOUR) {
            int localHour = (int) Math.floorMod((h + BuyerBehaviour.THAI_OFFSET) / HOUR, 24L);
            double hourFactor = BuyerBehaviour.SESSIONS_BY_LOCAL_HOUR[localHour] / meanHourWeight;
            for (int c = 0; c < campaigns.length; c++) {
                int views = BuyerBehaviour.poisson(viewsPerHour[c] * hourFactor * trend(c, h + HOUR / 2), rng);
                for (int v = 0; v < views; v++) {
                    String viewer = buyers.ids[rng.nextInt(buyers.count)];
                    String requestId = "sim-view-" + n++;
                    later.accept(Event.of("view:" + requestId, h + rng.nextLong(HOUR), viewer,
                            new InteractionPayload.Click(requestId, plan.ids[campaignListing[c]])));
                }
            }
        }
    }

    private static void flush(PriorityQueue<Pending> agenda, long upTo, Consumer<Event> log) {
        while (!agenda.isEmpty() && agenda.peek().ts() <= upTo) {
            log.accept(agenda.poll().event());
        }
    }

    private double trend(int c, long ts) {
        double rise = 1 / (1 + Math.exp(-(double) (ts - trendAt[c]) / trendWidth[c]));
        return 1 + (trendPeak[c] - 1) * rise;
    }

    private double conversion(int l) {
        return 0.03 + 0.15 * plan.quality[l];
    }

    private boolean reachable(int u, int l) {
        return world.distanceKm(u, l) <= buyers.maxDistanceKm[u];
    }

    private int campaignOf(String listingId) {
        Integer c = campaignByListing.get(listingId);
        if (c == null) {
            throw new IllegalArgumentException("no campaign boosts " + listingId);
        }
        return c;
    }

    private record Pending(long ts, long seq, Event event) {
    }
}
