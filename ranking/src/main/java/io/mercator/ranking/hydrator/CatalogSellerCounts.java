package io.mercator.ranking.hydrator;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.Listing;

import java.util.HashMap;
import java.util.Map;

/**
 * Live listings per seller, counted by walking the catalog. The walk costs tens of milliseconds on
 * a large catalog, so it never runs on the request path: the service calls {@link #refresh()} on a
 * timer (a minute is fresh enough to catch a burst of postings) and requests read the last counts.
 */
public final class CatalogSellerCounts implements SellerListingCounts {

    private final CatalogView catalog;
    private volatile Map<String, Integer> counts = Map.of();

    public CatalogSellerCounts(CatalogView catalog) {
        this.catalog = catalog;
    }

    /** Counted now, for tests and start-up. */
    public static CatalogSellerCounts countedNow(CatalogView catalog) {
        CatalogSellerCounts c = new CatalogSellerCounts(catalog);
        c.refresh();
        return c;
    }

    /** Re-counts; blocking, call it from a worker. */
    public void refresh() {
        Map<String, Integer> fresh = new HashMap<>();
        catalog.forEachLive((Listing l) -> fresh.merge(l.sellerId(), 1, Integer::sum));
        counts = fresh;
    }

    @Override
    public int liveListings(String sellerId) {
        return counts.getOrDefault(sellerId, 0);
    }
}
