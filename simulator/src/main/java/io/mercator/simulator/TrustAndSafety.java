package io.mercator.simulator;

import io.mercator.events.payload.SellerPayload;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Buyer reports and the bans they lead to.
 *
 * <p>Scammers are reported far more often, both out of the blue (buyers who chatted and noticed)
 * and after orders (the item never came), and are banned once reports pile up. Honest sellers
 * collect an occasional report and are rarely banned. A sleeper counts as honest until it wakes.
 */
final class TrustAndSafety {

    private static final double DAILY_REPORT_SCAMMER = 0.35;
    private static final double DAILY_REPORT_HONEST = 0.004;
    private static final double REPORT_AFTER_ORDER_SCAMMER = 0.5;
    private static final double REPORT_AFTER_ORDER_HONEST = 0.02;
    private static final long HOUR = 3_600_000L;

    private static final List<String> SCAM_REASONS = List.of(
            "paid but the item never arrived", "counterfeit item", "asked for payment outside the app",
            "item not as described");
    private static final List<String> HONEST_REASONS = List.of(
            "item not as described", "seller did not show up at the meet-up", "rude messages", "late shipping");
    private static final List<String> VERIFY_METHODS = List.of("e-kyc", "id-card", "bank-account");

    private final SellerPopulation sellers;
    private final MarketState state;
    private final EventStream out;
    private final RandomGenerator rng;

    TrustAndSafety(SellerPopulation sellers, MarketState state, EventStream out, RandomGenerator rng) {
        this.sellers = sellers;
        this.state = state;
        this.out = out;
        this.rng = rng;
    }

    void register(int s, long ts) {
        state.sellerRegistered[s] = true;
        out.emit(ts, sellers.ids[s], new SellerPayload.Registered(Geography.name(sellers.province[s])));
    }

    void verify(int s, long ts) {
        if (!state.sellerBanned[s]) {
            out.emit(ts, sellers.ids[s], new SellerPayload.Verified(Vocabulary.pick(VERIFY_METHODS, rng)));
        }
    }

    /** Draws today's spontaneous reports into the agenda, at times after the seller registered. */
    void scheduleReports(Agenda agenda, long dayStart, long dayEnd) {
        for (int s = 0; s < sellers.count; s++) {
            long from = Math.max(dayStart, sellers.registeredAt[s] + HOUR);
            if (from >= dayEnd || state.sellerBanned[s]) {
                continue;
            }
            if (rng.nextDouble() < (sellers.bait(s, dayEnd - 1) ? DAILY_REPORT_SCAMMER : DAILY_REPORT_HONEST)) {
                agenda.add(from + rng.nextLong(dayEnd - from), Agenda.SELLER_REPORTED, s);
            }
        }
    }

    /** A spontaneous report, about the seller's latest listing if any. */
    void reported(int s, long ts) {
        if (state.sellerRegistered[s] && !state.sellerBanned[s]) {
            report(s, state.sellerLastListing[s], ts);
        }
    }

    /** After an order, the buyer may report the seller, scammers much more often. */
    void afterOrder(int s, int listing, long orderTs) {
        if (state.sellerBanned[s]) {
            return;
        }
        if (rng.nextDouble() < (state.plan.bait[listing] ? REPORT_AFTER_ORDER_SCAMMER : REPORT_AFTER_ORDER_HONEST)) {
            report(s, listing, orderTs + HOUR + rng.nextLong(5 * HOUR));
        }
    }

    private void report(int s, int listing, long ts) {
        boolean scam = sellers.bait(s, ts);
        String reason = Vocabulary.pick(scam ? SCAM_REASONS : HONEST_REASONS, rng);
        long at = out.emit(ts, sellers.ids[s],
                new SellerPayload.Reported(reason, listing < 0 ? null : state.plan.ids[listing]));
        int reports = ++state.sellerReports[s];
        boolean ban = scam ? reports >= 3 || (reports >= 2 && rng.nextDouble() < 0.6)
                : reports >= 3 && rng.nextDouble() < 0.15;
        if (ban) {
            // moderators act within hours; the seller's listings stop being served from now on
            out.emit(at + HOUR / 2 + rng.nextLong(3 * HOUR), sellers.ids[s], new SellerPayload.Banned(
                    scam ? "fraud: repeated buyer reports" : "repeated policy violations"));
            state.sellerBanned[s] = true;
            state.forEachListingOf(s, state::hide);
        }
    }
}
