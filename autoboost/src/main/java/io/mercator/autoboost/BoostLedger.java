package io.mercator.autoboost;

import io.mercator.autoboost.policy.Arm;
import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.validation.CampaignDirectory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The auto-boost agent's state, a projection of the {@code boost.*} events and of the interactions
 * on sponsored impressions: spend per campaign, sponsored impressions, clicks and orders, and every
 * listing's views per hour for its momentum. Serving reserves spend here before it answers, so a
 * campaign never spends more than its budget, however many requests run at once.
 *
 * <p>Exact under replay: counts are whole numbers in hour buckets and money is counted in
 * millionths of a baht, so the state does not depend on the order the log's partitions are read
 * in, and replaying the log rebuilds it bit for bit. A sponsored click is one on a listing a
 * served list showed in a sponsored slot, in the same request, within the attribution window;
 * every other click is a view of the listing (what momentum counts), so a boost does not feed its
 * own momentum.
 *
 * <p>Several serving instances: each charges only against budget it has leased from the others'
 * shared {@link BudgetLeases}, a slice at a time ({@link #leaseSlice}), topped up before it runs
 * out, so their charges together never pass a budget. An instance that stops gives its unspent
 * slices back ({@link #giveBackLeases}); one that dies strands at most a slice per campaign.
 *
 * <p>Thread-safe: one lock. Serving holds it for the few microseconds a slot decision takes.
 */
public final class BoostLedger implements CampaignDirectory {

    /** A click or order counts for a sponsored impression this long after it. */
    public static final long ATTRIBUTION_MILLIS = 3_600_000L;
    /**
     * A reservation whose spend has not reached the log this long after its request is given back:
     * the response it was for was never served (the request ran over budget, or failed), and the
     * campaign should not be throttled by money it never spent. Far above the time an append takes.
     */
    public static final long RESERVATION_TTL_MILLIS = 60_000;
    /** Sponsored impressions are remembered this long, well past the window, so partitions read out of step agree. */
    private static final long REMEMBER_MILLIS = 6 * ATTRIBUTION_MILLIS;
    private static final double MICROS = 1e6;
    /** After a lease is refused or fails, a campaign waits this long before asking again. */
    private static final long LEASE_RETRY_MILLIS = 1_000;

    private final BudgetLeases leases;
    private long leaseFailures;

    private final Map<String, Campaign> campaigns = new HashMap<>();
    private final Map<String, List<Campaign>> campaignsByListing = new HashMap<>();
    private final Map<String, ListingSignals> listings = new HashMap<>();
    private final Map<String, Sponsored> sponsored = new HashMap<>();
    private final ArrayDeque<Sponsored> sponsoredByAge = new ArrayDeque<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final long[] activityByHour = new long[24];
    private TrafficShape traffic = TrafficShape.FLAT;
    private long trafficAt = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long sweptAt = Long.MIN_VALUE;
    private List<String> boosted;
    private java.util.Set<String> boostedSet;
    private long boostedAt = Long.MIN_VALUE;

    /** A ledger for one instance serving alone. */
    public BoostLedger() {
        this(BudgetLeases.SOLE);
    }

    /** A ledger that charges against budget leased from {@code leases}, shared with other instances. */
    public BoostLedger(BudgetLeases leases) {
        this.leases = java.util.Objects.requireNonNull(leases, "leases");
    }

    /** Applies one event of the log (each id once: the projection runner drops duplicates). */
    public synchronized void apply(Event e) {
        watermark = Math.max(watermark, e.ts());
        switch (e.data()) {
            case BoostPayload.CampaignStarted c -> started(e, c);
            case BoostPayload.BudgetChanged c -> campaign(c.campaignId()).budgetMicros = micros(c.budget());
            case BoostPayload.Spend s -> spent(e, s);
            case InteractionPayload.Impressions list -> served(e, list);
            case InteractionPayload.Click c -> clicked(e, c);
            case InteractionPayload.Order o -> ordered(e, o);
            default -> {
                // other events do not move boost state; admin force-boosts are read from the catalog
            }
        }
        evictOldSponsored();
    }

    private void started(Event e, BoostPayload.CampaignStarted c) {
        Campaign campaign = campaign(c.campaignId());
        if (campaign.listingId != null) {
            return; // a campaign id starts once (the intake refuses a second start)
        }
        campaign.listingId = e.key();
        campaign.budgetMicros = micros(c.budget());
        campaign.bidPerMille = c.bidPerMille();
        campaign.startsAt = e.ts();
        campaign.endsAt = c.endsAt();
        List<Campaign> ofListing = campaignsByListing.computeIfAbsent(e.key(), k -> new ArrayList<>());
        ofListing.add(campaign);
        ofListing.sort((a, b) -> a.startsAt != b.startsAt ? Long.compare(a.startsAt, b.startsAt) : a.id.compareTo(b.id));
    }

    private void spent(Event e, BoostPayload.Spend s) {
        Campaign campaign = campaign(s.campaignId());
        long amount = micros(s.amount());
        campaign.spentMicros += amount;
        Pending reserved = pending.remove(e.id());
        if (reserved != null) {
            campaign(reserved.campaignId).reservedMicros -= reserved.micros;
        }
    }

    private void served(Event e, InteractionPayload.Impressions list) {
        activityByHour[(int) Math.floorMod(HourlyCounts.hour(e.ts()), 24L)]++;
        for (InteractionPayload.Impressions.Shown shown : list.items()) {
            if (shown.campaignId() == null) {
                continue;
            }
            String key = chargeKey(list.requestId(), shown.listingId());
            if (sponsored.containsKey(key)) {
                continue;
            }
            Sponsored s = new Sponsored(key, shown.campaignId(), shown.listingId(), e.ts());
            sponsored.put(key, s);
            sponsoredByAge.addLast(s);
            campaign(shown.campaignId()).impressions++;
            ListingSignals signals = signals(shown.listingId());
            signals.impressions.add(e.ts(), 1);
            signals.expectedMicros.add(e.ts(), shown.pctr() == null ? 0 : micros(shown.pctr()));
            signals.lastServedAt = Math.max(signals.lastServedAt, e.ts());
        }
    }

    private void clicked(Event e, InteractionPayload.Click c) {
        activityByHour[(int) Math.floorMod(HourlyCounts.hour(e.ts()), 24L)]++;
        Sponsored s = attributed(c.requestId(), c.listingId(), e.ts());
        ListingSignals signals = signals(c.listingId());
        if (s == null) {
            signals.views.add(e.ts(), 1);
        } else if (!s.clicked) {
            s.clicked = true;
            campaign(s.campaignId).clicks++;
            signals.clicks.add(e.ts(), 1);
        }
    }

    private void ordered(Event e, InteractionPayload.Order o) {
        Sponsored s = attributed(o.requestId(), o.listingId(), e.ts());
        if (s != null && !s.ordered) {
            s.ordered = true;
            campaign(s.campaignId).orders++;
            signals(o.listingId()).orders.add(e.ts(), 1);
        }
    }

    private Sponsored attributed(String requestId, String listingId, long ts) {
        if (requestId == null) {
            return null;
        }
        Sponsored s = sponsored.get(chargeKey(requestId, listingId));
        return s != null && ts >= s.ts && ts - s.ts <= ATTRIBUTION_MILLIS ? s : null;
    }

    private void evictOldSponsored() {
        Sponsored oldest;
        while ((oldest = sponsoredByAge.peekFirst()) != null && oldest.ts < watermark - REMEMBER_MILLIS) {
            sponsoredByAge.pollFirst();
            sponsored.remove(oldest.key);
        }
    }

    // ---- serving ----

    /** {@link #armFor} of each offer that has one, taking the lock once. */
    synchronized List<Arm> armsFor(List<Offer> offers, long now, BoostAgent.Settings settings) {
        List<Arm> arms = new ArrayList<>();
        for (Offer offer : offers) {
            Arm arm = armFor(offer, now, settings);
            if (arm != null) {
                arms.add(arm);
            }
        }
        return arms;
    }

    /**
     * The arm of a listing's campaign that may spend {@code now}: started, in flight, with budget
     * for one more impression and not ahead of its pace; null when it has none.
     */
    synchronized Arm armFor(Offer offer, long now, BoostAgent.Settings settings) {
        expireReservations(now);
        Pacing pacing = settings.pacing();
        List<Campaign> ofListing = campaignsByListing.get(offer.listingId());
        if (ofListing == null) {
            return null;
        }
        for (Campaign c : ofListing) {
            if (c.listingId != null && pacing.maySpend(c, now, traffic(now)) && leased(c, now)) {
                ListingSignals s = signals(offer.listingId());
                long hour = HourlyCounts.hour(now);
                double halfLife = settings.recencyHalfLifeHours();
                return new Arm(offer.listingId(), c.id,
                        offer.pctr() != null ? offer.pctr() : settings.defaultPctr(),
                        offer.pcvr() != null ? offer.pcvr() : settings.defaultPcvr(),
                        c.bidPerMille / 1_000, s.momentum(now),
                        s.impressions.decayed(hour, halfLife), s.clicks.decayed(hour, halfLife),
                        s.expectedMicros.decayed(hour, halfLife) / MICROS,
                        s.clicks.sum(hour - HourlyCounts.HOURS + 1, hour), s.orders.sum(hour - HourlyCounts.HOURS + 1, hour),
                        Math.max(s.lastServedAt, s.pendingServedAt),
                        Math.max(0, c.budgetMicros * traffic(now).share(c.startsAt, c.endsAt, now) - c.committedMicros())
                                / c.budgetMicros);
            }
        }
        return null;
    }

    /**
     * Reserves the charge {@code chargeId} against the campaign, if its budget and pace allow it.
     * Reserving the same charge again answers true and charges nothing more.
     */
    synchronized boolean reserve(String campaignId, String chargeId, long now, Pacing pacing) {
        expireReservations(now);
        if (pending.containsKey(chargeId)) {
            return true;
        }
        Campaign c = campaigns.get(campaignId);
        if (c == null || c.listingId == null || !pacing.maySpend(c, now, traffic(now)) || !leased(c, now)) {
            return false;
        }
        long price = c.priceMicros();
        c.reservedMicros += price;
        c.ownMicros += price;
        pending.put(chargeId, new Pending(campaignId, price, now));
        return true;
    }

    private void expireReservations(long now) {
        if (sweptAt != Long.MIN_VALUE && now - sweptAt < 1_000) {
            return;
        }
        sweptAt = now;
        pending.values().removeIf(p -> {
            boolean stale = p.reservedAt < now - RESERVATION_TTL_MILLIS;
            if (stale) {
                Campaign c = campaign(p.campaignId);
                c.reservedMicros -= p.micros;
                c.ownMicros -= p.micros;
            }
            return stale;
        });
    }

    /** Gives a reservation back: its spend event never reached the log. */
    public synchronized void release(String chargeId) {
        Pending p = pending.remove(chargeId);
        if (p != null) {
            Campaign c = campaign(p.campaignId);
            c.reservedMicros -= p.micros;
            c.ownMicros -= p.micros;
        }
    }

    /**
     * Whether this instance holds leased budget for one more impression of the campaign; asks for
     * the next slice when what is left runs low (at most one request in flight per campaign). A
     * lease that completes at once (one instance alone, the embedded store) counts in this call.
     */
    private boolean leased(Campaign c, long now) {
        long price = c.priceMicros();
        long slice = leaseSlice(c);
        if (c.leasedMicros - c.ownMicros < Math.max(price, slice / 2) && !c.leasing && now >= c.leaseRetryAt) {
            long want = Math.max(price, Math.min(slice, c.budgetMicros - c.committedMicros()));
            c.leasing = true;
            leases.lease(c.id, want, c.budgetMicros, c.endsAt).onComplete(ar -> {
                synchronized (this) {
                    c.leasing = false;
                    if (ar.failed()) {
                        leaseFailures++;
                        c.leaseRetryAt = now + LEASE_RETRY_MILLIS;
                    } else {
                        c.leasedMicros += ar.result();
                        if (ar.result() < price) {
                            c.leaseRetryAt = now + LEASE_RETRY_MILLIS; // the budget is leased out: ask again later
                        }
                    }
                }
            });
        }
        return c.ownMicros + price <= c.leasedMicros;
    }

    /**
     * The slice of a campaign's budget an instance leases at a time: 1% of the budget, and at least
     * ten impressions. Small enough that instances share a budget evenly and a dead one strands
     * little of it; large enough that a lease is rare beside the impressions it pays for.
     */
    static long leaseSlice(Campaign c) {
        return Math.max(10 * c.priceMicros(), c.budgetMicros / 100);
    }

    /**
     * Gives back the leased budget this instance has not spent or reserved, for every campaign
     * (when it stops), so the other instances can spend it. Completes when every give-back has.
     */
    public io.vertx.core.Future<Void> giveBackLeases() {
        List<io.vertx.core.Future<Long>> calls = new ArrayList<>();
        synchronized (this) {
            for (Campaign c : campaigns.values()) {
                long unused = c.leasedMicros - c.ownMicros;
                if (unused > 0 && c.listingId != null) {
                    c.leasedMicros -= unused;
                    calls.add(leases.giveBack(c.id, unused, c.budgetMicros, c.endsAt));
                }
            }
        }
        return io.vertx.core.Future.join(calls).mapEmpty();
    }

    /** Leases that failed (the shared store unreachable): while they fail, no new slices are spent. */
    public synchronized long leaseFailures() {
        return leaseFailures;
    }

    /** Records that the listing filled a slot now, so round robin moves on before the impressions come back. */
    synchronized void servedNow(String listingId, long now) {
        ListingSignals s = signals(listingId);
        s.pendingServedAt = Math.max(s.pendingServedAt, now);
    }

    /**
     * The traffic shape pacing follows, learned from buyers' activity on the log so far (served
     * lists and clicks by hour of the day), re-read once an hour.
     */
    public synchronized TrafficShape traffic(long now) {
        long hour = HourlyCounts.hour(now);
        if (hour != trafficAt) {
            traffic = TrafficShape.ofCounts(activityByHour);
            trafficAt = hour;
        }
        return traffic;
    }

    // ---- reads ----

    @Override
    public synchronized boolean isKnown(String campaignId) {
        Campaign c = campaigns.get(campaignId);
        return c != null && c.listingId != null;
    }

    /** A started campaign, or null. */
    public synchronized CampaignState campaignState(String campaignId) {
        Campaign c = campaigns.get(campaignId);
        return c == null || c.listingId == null ? null : c.state();
    }

    /** Every started campaign, by id. */
    public synchronized List<CampaignState> campaigns() {
        List<CampaignState> out = new ArrayList<>();
        new TreeMap<>(campaigns).values().forEach(c -> {
            if (c.listingId != null) {
                out.add(c.state());
            }
        });
        return out;
    }

    /** The listing's views per hour now against its baseline; 1 for a listing nobody has viewed. */
    public synchronized double momentum(String listingId, long now) {
        ListingSignals s = listings.get(listingId);
        return s == null ? 1 : s.momentum(now);
    }

    /**
     * The listings with a campaign in flight at {@code now} and budget left, worked out at most once
     * a second (every request of the feed asks): a campaign that ran out within that second may
     * still be named, and the agent, which checks the budget itself, passes it over.
     */
    public synchronized List<String> boostedListings(long now) {
        refreshBoosted(now);
        return boosted;
    }

    /** {@link #boostedListings} as a set, for membership tests. */
    public synchronized java.util.Set<String> boostedListingSet(long now) {
        refreshBoosted(now);
        return boostedSet;
    }

    private void refreshBoosted(long now) {
        long second = Math.floorDiv(now, 1_000L);
        if (second == boostedAt && boosted != null) {
            return;
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Campaign>> e : campaignsByListing.entrySet()) {
            for (Campaign c : e.getValue()) {
                if (now >= c.startsAt && now < c.endsAt && c.committedMicros() + c.priceMicros() <= c.budgetMicros) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        out.sort(null);
        boosted = List.copyOf(out);
        boostedSet = java.util.Set.copyOf(out);
        boostedAt = second;
    }

    /** Everything the projection holds, in a stable text form: two replays of one log must print the same. */
    public synchronized String snapshot() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(campaigns).forEach((id, c) -> b.append(id).append(' ').append(c.listingId).append(' ')
                .append(c.budgetMicros).append(' ').append(c.bidPerMille).append(' ').append(c.startsAt).append(' ')
                .append(c.endsAt).append(' ').append(c.spentMicros).append(' ').append(c.impressions).append(' ')
                .append(c.clicks).append(' ').append(c.orders).append('\n'));
        new TreeMap<>(listings).forEach((id, s) -> b.append(id).append(" views ").append(s.views)
                .append(" imps ").append(s.impressions).append(" clicks ").append(s.clicks)
                .append(" expected ").append(s.expectedMicros).append(" orders ").append(s.orders)
                .append(" last ").append(s.lastServedAt).append('\n'));
        return b.toString();
    }

    static String chargeKey(String requestId, String listingId) {
        return requestId + '\u0000' + listingId;
    }

    static long micros(double thb) {
        return Math.round(thb * MICROS);
    }

    private Campaign campaign(String id) {
        return campaigns.computeIfAbsent(id, Campaign::new);
    }

    private ListingSignals signals(String listingId) {
        return listings.computeIfAbsent(listingId, k -> new ListingSignals());
    }

    /** A campaign's numbers; created at its first mention, started when its start event arrives. */
    static final class Campaign {
        final String id;
        String listingId;
        long budgetMicros;
        double bidPerMille;
        long startsAt;
        long endsAt;
        long spentMicros;
        long reservedMicros;
        /** Serving state of this instance, not part of the projection: budget leased, and charged against it. */
        long leasedMicros;
        long ownMicros;
        boolean leasing;
        long leaseRetryAt = Long.MIN_VALUE;
        long impressions;
        long clicks;
        long orders;

        Campaign(String id) {
            this.id = id;
        }

        long priceMicros() {
            return Math.round(bidPerMille * 1_000); // a thousandth of the CPM, in millionths of a baht
        }

        long committedMicros() {
            return spentMicros + reservedMicros;
        }

        CampaignState state() {
            return new CampaignState(id, listingId, budgetMicros / MICROS, bidPerMille, startsAt, endsAt,
                    spentMicros / MICROS, reservedMicros / MICROS, impressions, clicks, orders);
        }
    }

    /** A listing's hourly signals. */
    static final class ListingSignals {
        final HourlyCounts views = new HourlyCounts();
        final HourlyCounts impressions = new HourlyCounts();
        final HourlyCounts clicks = new HourlyCounts();
        final HourlyCounts expectedMicros = new HourlyCounts();
        final HourlyCounts orders = new HourlyCounts();
        long lastServedAt;
        /** Served by this process and not yet seen on the log; not part of the projection. */
        long pendingServedAt;

        double momentum(long now) {
            return Momentum.of(views, now);
        }
    }

    private static final class Sponsored {
        final String key;
        final String campaignId;
        final String listingId;
        final long ts;
        boolean clicked;
        boolean ordered;

        Sponsored(String key, String campaignId, String listingId, long ts) {
            this.key = key;
            this.campaignId = campaignId;
            this.listingId = listingId;
            this.ts = ts;
        }
    }

    private record Pending(String campaignId, long micros, long reservedAt) {
    }
}
