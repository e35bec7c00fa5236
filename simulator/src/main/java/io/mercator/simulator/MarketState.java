package io.mercator.simulator;

import io.mercator.events.Categories;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The changing state of the marketplace during a run: which listings are live, their current
 * price and stock, which sellers are registered or banned, and the candidate pools buyers are
 * served from. Only live, in-stock listings of non-banned sellers are in the pools.
 */
final class MarketState {

    static final byte PLANNED = 0, LIVE = 1, SOLD_OUT = 2, REMOVED = 3;

    final ListingPlan plan;
    final double[] price;
    final int[] stock;
    final byte[] status;
    /**
     * Timestamp of the latest stock announcement per listing. Orders are announced minutes after
     * the session that led to them is simulated, so a later action on the listing (a restock, a
     * removal) is announced no earlier than this to keep the stream's story consistent.
     */
    final long[] lastStockAt;
    final boolean[] sellerRegistered;
    final boolean[] sellerBanned;
    final int[] sellerReports;
    /** Most recently published listing of each seller, or -1; reports name it. */
    final int[] sellerLastListing;
    /** Listings of each seller as a compressed row: listingsOf[sellerStart[s] .. sellerStart[s+1]). */
    private final int[] sellerStart;
    private final int[] listingsOf;

    final LivePool all;
    final LivePool[] byCategory;
    final LivePool[] byProvince;

    MarketState(ListingPlan plan, int sellers) {
        this.plan = plan;
        this.price = plan.price.clone();
        this.stock = plan.stock.clone();
        this.status = new byte[plan.count];
        this.lastStockAt = new long[plan.count];
        this.sellerRegistered = new boolean[sellers];
        this.sellerBanned = new boolean[sellers];
        this.sellerReports = new int[sellers];
        this.sellerLastListing = new int[sellers];
        Arrays.fill(sellerLastListing, -1);
        this.sellerStart = new int[sellers + 1];
        for (int l = 0; l < plan.count; l++) {
            sellerStart[plan.seller[l] + 1]++;
        }
        for (int s = 0; s < sellers; s++) {
            sellerStart[s + 1] += sellerStart[s];
        }
        this.listingsOf = new int[plan.count];
        int[] fill = sellerStart.clone();
        for (int l = 0; l < plan.count; l++) {
            listingsOf[fill[plan.seller[l]]++] = l;
        }
        this.all = new LivePool(LivePool.positions(plan.count));
        int[] catPos = LivePool.positions(plan.count);
        this.byCategory = new LivePool[Categories.ALL.size()];
        for (int c = 0; c < byCategory.length; c++) {
            byCategory[c] = new LivePool(catPos);
        }
        int[] provPos = LivePool.positions(plan.count);
        this.byProvince = new LivePool[Geography.PROVINCES];
        for (int p = 0; p < byProvince.length; p++) {
            byProvince[p] = new LivePool(provPos);
        }
    }

    boolean servable(int l) {
        return status[l] == LIVE && !sellerBanned[plan.seller[l]];
    }

    void makeLive(int l) {
        status[l] = LIVE;
        if (!sellerBanned[plan.seller[l]]) {
            all.add(l);
            byCategory[plan.category[l]].add(l);
            byProvince[plan.province[l]].add(l);
        }
    }

    /** Takes a listing out of every pool, keeping its status (used for bans). */
    void hide(int l) {
        all.remove(l);
        byCategory[plan.category[l]].remove(l);
        byProvince[plan.province[l]].remove(l);
    }

    void end(int l, byte newStatus) {
        status[l] = newStatus;
        hide(l);
    }

    /** Visits the listings of a seller. */
    void forEachListingOf(int seller, IntConsumer action) {
        for (int i = sellerStart[seller]; i < sellerStart[seller + 1]; i++) {
            action.accept(listingsOf[i]);
        }
    }
}
