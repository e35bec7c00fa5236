package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.Geo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hidden truth of a simulation, for evaluating rankers against what buyers really want.
 *
 * <p>A pure function of the {@link SimulationConfig}: building it twice from the same config gives
 * the same world, whether or not the simulation ran. It holds the buyers, sellers and listings as
 * planned; {@link #listingIds()} therefore also names listings that a run never publishes (those of
 * a seller banned before their planned publication time).
 */
public final class SimulatedWorld {

    private final SimulationConfig config;
    private final SellerPopulation sellers;
    private final ListingFactory listingFactory;
    private final ListingPlan listings;
    private final BuyerPopulation buyers;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> listingIndex;
    private final Map<String, Integer> sellerIndex;

    /** Builds the world of {@code config}. */
    public SimulatedWorld(SimulationConfig config) {
        this.config = config;
        this.sellers = SellerPopulation.generate(config);
        this.listingFactory = ListingFactory.plan(config, sellers);
        this.listings = listingFactory.plan();
        this.buyers = BuyerPopulation.generate(config);
        this.userIndex = index(buyers.ids);
        this.listingIndex = index(listings.ids);
        this.sellerIndex = index(sellers.ids);
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], i);
        }
        return m;
    }

    public SimulationConfig config() {
        return config;
    }

    /**
     * The hidden relevance of a listing to a buyer at a given distance, in [0,1]: the probability
     * that the buyer clicks it when shown in the top slot (lower slots are discounted by position
     * bias on top of this). Zero beyond the buyer's maximum distance.
     *
     * @throws IllegalArgumentException for an unknown user or listing id
     */
    public double trueRelevance(String userId, String listingId, double distanceKm) {
        return relevance(user(userId), listing(listingId), distanceKm);
    }

    /** The same as {@link #trueRelevance} with the distance from the buyer's home to the item. */
    public double trueRelevance(String userId, String listingId) {
        int u = user(userId);
        int l = listing(listingId);
        return relevance(u, l, distanceKm(u, l));
    }

    double relevance(int u, int l, double distanceKm) {
        return RelevanceModel.relevance(buyers.preference[u * BuyerPopulation.CATEGORIES + listings.category[l]],
                listings.quality[l], listings.priceLogRatio[l], buyers.priceSensitivity[u], distanceKm,
                buyers.maxDistanceKm[u]);
    }

    double distanceKm(int u, int l) {
        return Geo.haversineKm(buyers.homeLat[u], buyers.homeLon[u], listings.lat[l], listings.lon[l]);
    }

    /** Every buyer id, in order. */
    public List<String> userIds() {
        return List.of(buyers.ids);
    }

    /** Every planned listing id, in order. */
    public List<String> listingIds() {
        return List.of(listings.ids);
    }

    /** Every seller id, in order. */
    public List<String> sellerIds() {
        return List.of(sellers.ids);
    }

    /** Where the buyer lives (the {@code user.profile} home). */
    public GeoPoint home(String userId) {
        int u = user(userId);
        return new GeoPoint(buyers.homeLat[u], buyers.homeLon[u]);
    }

    public int maxDistanceKm(String userId) {
        return buyers.maxDistanceKm[user(userId)];
    }

    /** The buyer's favourite category slugs (2 to 4), most liked first. */
    public List<String> favouriteCategories(String userId) {
        int u = user(userId);
        int row = u * BuyerPopulation.CATEGORIES;
        return Arrays.stream(buyers.favourites[u]).boxed()
                .sorted((a, b) -> Double.compare(buyers.preference[row + b], buyers.preference[row + a]))
                .map(c -> Categories.ALL.get(c).slug())
                .toList();
    }

    public GeoPoint listingLocation(String listingId) {
        int l = listing(listingId);
        return new GeoPoint(listings.lat[l], listings.lon[l]);
    }

    public String categoryOf(String listingId) {
        return Categories.ALL.get(listings.category[listing(listingId)]).slug();
    }

    public String sellerOf(String listingId) {
        return sellers.ids[listings.seller[listing(listingId)]];
    }

    /** Planned publication time of the listing, epoch milliseconds. */
    public long publishedAt(String listingId) {
        return listings.publishedAt[listing(listingId)];
    }

    /** Whether the seller is a hidden scammer (for evaluating fraud signals). */
    public boolean isScammer(String sellerId) {
        Integer s = sellerIndex.get(sellerId);
        if (s == null) {
            throw new IllegalArgumentException("unknown seller '" + sellerId + "'");
        }
        return sellers.scammer[s];
    }

    /** How the seller cheats, {@link FraudPattern#NONE} for an honest one. */
    public FraudPattern fraudPattern(String sellerId) {
        Integer s = sellerIndex.get(sellerId);
        if (s == null) {
            throw new IllegalArgumentException("unknown seller '" + sellerId + "'");
        }
        return sellers.pattern[s];
    }

    /**
     * Whether the listing is bait: what moderators should remove. A sleeper's listings from before
     * it woke are honest; every listing of the other scammers is bait.
     */
    public boolean isFraudulent(String listingId) {
        return listings.bait[listing(listingId)];
    }

    private int user(String userId) {
        Integer u = userIndex.get(userId);
        if (u == null) {
            throw new IllegalArgumentException("unknown user '" + userId + "'");
        }
        return u;
    }

    private int listing(String listingId) {
        Integer l = listingIndex.get(listingId);
        if (l == null) {
            throw new IllegalArgumentException("unknown listing '" + listingId + "'");
        }
        return l;
    }

    SellerPopulation sellers() {
        return sellers;
    }

    ListingPlan listings() {
        return listings;
    }

    ListingFactory listingFactory() {
        return listingFactory;
    }

    BuyerPopulation buyers() {
        return buyers;
    }
}
