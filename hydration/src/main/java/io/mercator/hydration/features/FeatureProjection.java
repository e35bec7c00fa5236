package io.mercator.hydration.features;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.AppliedOffsets;
import io.mercator.hydration.store.StoreWrite;
import io.mercator.hydration.store.OnlineStore;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import static io.mercator.hydration.features.FeatureKeys.*;

/**
 * Projects the log into the online store's product, seller, user and category rows (see
 * {@link FeatureKeys}). A pure function of the events: every time-dependent value is computed
 * against the <em>watermark</em>, the latest event time seen, never against a clock.
 *
 * <p>In-memory state (rebuilt by replay) holds what is needed to compute each value; the store
 * holds everything that is served. Each apply batch becomes one coalesced {@code write}: windowed
 * buckets as increments, buckets that left their window as deletions, every other field as an
 * absolute set of the entities the batch touched, so the final rows do not depend on where the
 * batch boundaries fell. The runner offers each event id once; a batch retried after a failed write
 * is not applied to memory again, and the writes that failed are sent again with the next.
 */
public final class FeatureProjection implements Projection {

    /** Weight of a new price in the category's running average. */
    static final double PRICE_ALPHA = 0.1;
    static final long DAY_MS = 86_400_000L;
    static final int TOP_CATEGORY_DAYS = 30;
    static final int TOP_CATEGORY_COUNT = 3;

    /**
     * What of a listing's row changed since the last flush. Views are apart from the other counters:
     * an impression changes only the view count, and writing the whole counter group (with the
     * quality score re-printed) for each of the twenty impressions of every response was most of
     * what the store churned under load.
     */
    private static final int ATTRS = 1, COUNTS = 2, BOOST = 4, TRUST = 8, VIEWS = 16;

    private final OnlineStore store;
    private final AppliedOffsets inMemory = new AppliedOffsets();
    private final PendingWrites pending = new PendingWrites();
    /** Writes of a batch whose store write failed; sent first with the next. */
    private List<StoreWrite> unwritten = List.of();

    private final Map<String, ListingState> listings = new HashMap<>();
    private final Map<String, UserState> users = new HashMap<>();
    /** Linked so the daily re-scoring walks sellers in a replayable order. */
    private final Map<String, SellerState> sellers = new LinkedHashMap<>();
    private final Map<String, CategoryState> categories = new HashMap<>();

    private final List<ListingState> dirtyListings = new ArrayList<>();
    private final List<UserState> dirtyUsers = new ArrayList<>();
    private final List<SellerState> dirtySellers = new ArrayList<>();
    private final List<CategoryState> dirtyCategories = new ArrayList<>();

    private final BucketJanitor viewsJanitor = new BucketJanitor(VIEWS_1H);
    private final BucketJanitor clicksJanitor = new BucketJanitor(CLICKS_1H);
    private final BucketJanitor sessionJanitor = new BucketJanitor(SESSION_CLICKS_5M);
    private final PriorityQueue<BoostEnd> boostEnds =
            new PriorityQueue<>(Comparator.comparingLong(BoostEnd::endsAt).thenComparing(BoostEnd::listingId));
    /** (day, user) for each day a user touched a category, to drop it from the 30-day top later. */
    private final ArrayDeque<UserDay> touchDays = new ArrayDeque<>();

    private long watermark = Long.MIN_VALUE;

    public FeatureProjection(OnlineStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return "features";
    }

    /** The latest event time applied, epoch ms; {@link Long#MIN_VALUE} before the first event. */
    public long watermark() {
        return watermark;
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            List<LogRecord> fresh = inMemory.notYetApplied(batch);
            for (LogRecord r : fresh) {
                Event e = r.event();
                advance(e.ts());
                applyOne(e);
            }
            inMemory.applied(fresh);
            flush();
            if (pending.isEmpty() && unwritten.isEmpty()) {
                return Future.succeededFuture();
            }
            List<StoreWrite> writes = new ArrayList<>(unwritten);
            writes.addAll(pending.drain());
            unwritten = List.of();
            return store.write(writes).recover(e -> {
                unwritten = writes;
                return Future.failedFuture(e);
            });
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    // ---- event time ---------------------------------------------------------------------------

    private void advance(long ts) {
        if (ts <= watermark) {
            return;
        }
        long oldDay = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(watermark, DAY_MS);
        watermark = ts;
        viewsJanitor.expire(ts, pending);
        clicksJanitor.expire(ts, pending);
        sessionJanitor.expire(ts, pending);
        BoostEnd end;
        while ((end = boostEnds.peek()) != null && end.endsAt() <= ts) {
            boostEnds.poll();
            markListing(listing(end.listingId()), BOOST);
        }
        long day = Math.floorDiv(ts, DAY_MS);
        if (day != oldDay) {
            UserDay ud;
            while ((ud = touchDays.peekFirst()) != null && ud.day() <= day - TOP_CATEGORY_DAYS) {
                touchDays.pollFirst();
                markUser(ud.user());
            }
            if (oldDay != Long.MIN_VALUE) {
                // account age is part of trust: re-score sellers whose age bonus still grows
                for (SellerState s : sellers.values()) {
                    if (s.registeredAt > 0 && ts - s.registeredAt <= SellerTrust.FULL_AGE_DAYS * DAY_MS + DAY_MS) {
                        markSeller(s);
                    }
                }
            }
        }
    }

    // ---- events -------------------------------------------------------------------------------

    private void applyOne(Event e) {
        switch (e.data()) {
            case InteractionPayload.Impression imp -> {
                onShown(e, imp.listingId());
                onSearched(e, imp.surface(), imp.query());
            }
            case InteractionPayload.Impressions list -> {
                for (InteractionPayload.Impressions.Shown s : list.items()) {
                    onShown(e, s.listingId());
                }
                onSearched(e, list.surface(), list.query());
            }
            case InteractionPayload.Click c -> onClick(e, c);
            case InteractionPayload.AddToCart c -> {
                ListingState l = listing(c.listingId());
                l.carts++;
                markListing(l, COUNTS);
                touch(user(e.key()), l.category, 2, e.ts());
            }
            case InteractionPayload.Order o -> onOrder(e, o);
            case ListingPayload.Published p -> onPublished(e, p);
            case ListingPayload.Updated u -> onUpdated(e, u);
            case ListingPayload.Removed ignored -> {
                ListingState l = listing(e.key());
                l.removed = true;
                markListing(l, ATTRS);
            }
            case ModerationPayload.Decided d -> {
                // the last decision stands: an approval after a removal brings the listing back
                ListingState l = listing(e.key());
                l.moderated = d.removes();
                markListing(l, ATTRS);
            }
            case SellerPayload.Registered r -> {
                SellerState s = seller(e.key());
                s.registeredAt = e.ts();
                s.province = r.province();
                markSeller(s);
            }
            case SellerPayload.Verified ignored -> {
                SellerState s = seller(e.key());
                s.verified = true;
                markSeller(s);
            }
            case SellerPayload.Reported ignored -> {
                SellerState s = seller(e.key());
                s.reports++;
                markSeller(s);
            }
            case SellerPayload.Banned ignored -> {
                SellerState s = seller(e.key());
                s.bannedByModeration = true;
                markSeller(s);
            }
            case UserPayload.Profile p -> {
                Map<String, String> row = pending.set(user(e.key()).key);
                row.put(AGE_GROUP, p.ageGroup() == null ? "" : p.ageGroup());
                row.put(GENDER, p.gender() == null ? "" : p.gender());
                row.put(HOME_LAT, num(p.homeLat()));
                row.put(HOME_LON, num(p.homeLon()));
                row.put(MAX_DISTANCE_KM, num(p.maxDistanceKm()));
            }
            case BoostPayload.CampaignStarted c -> {
                ListingState l = listing(e.key());
                l.campaignId = c.campaignId();
                l.budget = c.budget();
                l.spent = 0;
                l.endsAt = c.endsAt();
                boostEnds.add(new BoostEnd(c.endsAt(), l.id));
                markListing(l, BOOST);
            }
            case BoostPayload.BudgetChanged c -> {
                ListingState l = listing(e.key());
                if (c.campaignId().equals(l.campaignId)) {
                    l.budget = c.budget();
                    markListing(l, BOOST);
                }
            }
            case BoostPayload.Spend s -> {
                ListingState l = listing(e.key());
                if (s.campaignId().equals(l.campaignId)) {
                    l.spent += s.amount();
                    markListing(l, BOOST);
                }
            }
            case AdminPayload.Override o -> onOverride(e.key(), o);
            default -> {
                // flags and moderation approvals carry no feature
            }
        }
    }

    private void onShown(Event e, String listingId) {
        ListingState l = listing(listingId);
        l.views++;
        markListing(l, VIEWS);
        countWindowed(VIEWS_1H, viewsJanitor, l.viewsCursor, l.key, e.ts());
    }

    private void onSearched(Event e, String surface, String query) {
        if (query != null && "search".equals(surface)) {
            UserState u = user(e.key());
            u.searchQuery = query;
            markUser(u);
        }
    }

    private void onClick(Event e, InteractionPayload.Click c) {
        ListingState l = listing(c.listingId());
        l.clicks++;
        markListing(l, COUNTS);
        countWindowed(CLICKS_1H, clicksJanitor, l.clicksCursor, l.key, e.ts());
        UserState u = user(e.key());
        countWindowed(SESSION_CLICKS_5M, sessionJanitor, u.sessionCursor, u.key, e.ts());
        if (l.category != null) {
            u.lastViewedCategory = l.category;
        }
        touch(u, l.category, 1, e.ts());
    }

    private void onOrder(Event e, InteractionPayload.Order o) {
        ListingState l = listing(o.listingId());
        l.orders++;
        markListing(l, COUNTS);
        UserState u = user(e.key());
        u.spend += o.amount();
        u.orders++;
        touch(u, l.category, 3, e.ts());
        if (l.sellerId != null) {
            SellerState s = seller(l.sellerId);
            s.completedOrders++;
            markSeller(s);
        }
    }

    private void onPublished(Event e, ListingPayload.Published p) {
        ListingState l = listing(e.key());
        if (l.sellerId != null && !l.sellerId.equals(p.sellerId())) {
            seller(l.sellerId).listings.remove(l.id);
        }
        l.sellerId = p.sellerId();
        l.category = p.category();
        l.price = p.price();
        l.condition = p.condition();
        l.stock = p.stock();
        l.photos = p.photos() == null ? 0 : p.photos().size();
        l.descriptionLength = p.description() == null ? 0 : p.description().length();
        l.province = p.province();
        l.lat = p.lat();
        l.lon = p.lon();
        l.publishedAt = e.ts();
        l.removed = false;
        l.published = true;
        if (p.sellerId() != null) {
            seller(p.sellerId()).listings.add(l.id);
        }
        markListing(l, ATTRS | COUNTS | TRUST);
        priceSeen(p.category(), p.price());
    }

    private void onUpdated(Event e, ListingPayload.Updated u) {
        ListingState l = listings.get(e.key());
        if (l == null || !l.published) {
            return; // an update of a listing never published describes nothing we can serve
        }
        if (u.price() != null) {
            l.price = u.price();
            priceSeen(l.category, u.price());
        }
        if (u.stock() != null) {
            l.stock = u.stock();
        }
        if (u.description() != null) {
            l.descriptionLength = u.description().length();
        }
        if (u.photos() != null) {
            l.photos = u.photos().size();
        }
        markListing(l, ATTRS);
    }

    private void onOverride(String target, AdminPayload.Override o) {
        boolean lift = o.action() == AdminPayload.Action.LIFT;
        AdminPayload.Action action = lift ? o.lifts() : o.action();
        if (action == AdminPayload.Action.FORCE_BOOST_LISTING) {
            ListingState l = listing(target);
            l.forceBoost = !lift;
            markListing(l, BOOST);
        } else if (action == AdminPayload.Action.BAN_SELLER) {
            SellerState s = seller(target);
            s.bannedByAdmin = !lift;
            markSeller(s);
        }
        // category bans are the catalog's business: banned listings are filtered, not re-scored
    }

    private void countWindowed(WindowedCounter counter, BucketJanitor janitor, BucketCursor cursor, String key,
                               long ts) {
        long bucket = counter.bucketOf(ts);
        if (bucket < counter.firstLiveBucket(watermark)) {
            return; // so late it is already outside the window: it would never be read nor deleted
        }
        if (bucket != cursor.bucket) {
            cursor.bucket = bucket;
            cursor.field = counter.field(bucket);
            janitor.created(bucket, key, cursor.field);
        }
        pending.increment(key, cursor.field, 1);
    }

    private void touch(UserState u, String category, double weight, long ts) {
        if (category == null) {
            return;
        }
        long day = Math.floorDiv(ts, DAY_MS);
        if (day <= Math.floorDiv(watermark, DAY_MS) - TOP_CATEGORY_DAYS) {
            return;
        }
        for (int i = u.touches.size() - 1; i >= 0 && u.touches.get(i).day == day; i--) {
            Touch t = u.touches.get(i);
            if (t.category.equals(category)) {
                t.weight += weight;
                markUser(u);
                return;
            }
        }
        u.touches.add(new Touch(day, category, weight));
        if (day != u.lastTouchDay) {
            u.lastTouchDay = day;
            touchDays.addLast(new UserDay(day, u));
        }
        markUser(u);
    }

    private void priceSeen(String slug, double price) {
        if (slug == null || !(price > 0)) {
            return;
        }
        CategoryState c = categories.computeIfAbsent(slug, CategoryState::new);
        c.average = c.samples == 0 ? price : c.average + PRICE_ALPHA * (price - c.average);
        c.samples++;
        if (!c.dirty) {
            c.dirty = true;
            dirtyCategories.add(c);
        }
    }

    // ---- batch end ----------------------------------------------------------------------------

    private void flush() {
        for (SellerState s : dirtySellers) {
            double trust = SellerTrust.score(s.signals(), trustAsOf());
            Map<String, String> row = pending.set(s.key);
            row.put(VERIFIED, s.verified ? "1" : "0");
            row.put(REPORTS, Integer.toString(s.reports));
            row.put(BANNED, s.banned() ? "1" : "0");
            row.put(REGISTERED_AT, Long.toString(s.registeredAt));
            row.put(COMPLETED_ORDERS, Long.toString(s.completedOrders));
            row.put(SELLER_TRUST_SCORE, num(trust));
            if (s.province != null) {
                row.put(PROVINCE, s.province);
            }
            if (trust != s.trust) {
                s.trust = trust;
                for (String id : s.listings) {
                    markListing(listing(id), TRUST);
                }
            }
            s.dirty = false;
        }
        dirtySellers.clear();

        for (ListingState l : dirtyListings) {
            writeListing(l);
            l.dirty = 0;
        }
        dirtyListings.clear();

        long today = watermark == Long.MIN_VALUE ? 0 : Math.floorDiv(watermark, DAY_MS);
        for (UserState u : dirtyUsers) {
            Map<String, String> row = pending.set(u.key);
            row.put(LIFETIME_SPEND, num(u.spend));
            row.put(USER_ORDERS, Long.toString(u.orders));
            row.put(TOP_CATEGORIES_30D, u.topCategories(today));
            if (u.searchQuery != null) {
                row.put(CURRENT_SEARCH_QUERY, u.searchQuery);
            }
            if (u.lastViewedCategory != null) {
                row.put(LAST_VIEWED_CATEGORY, u.lastViewedCategory);
            }
            u.dirty = false;
        }
        dirtyUsers.clear();

        for (CategoryState c : dirtyCategories) {
            Map<String, String> row = pending.set(FeatureKeys.category(c.slug));
            row.put(AVG_CATEGORY_PRICE_HISTORY, num(Math.round(c.average * 100) / 100.0));
            row.put(PRICE_SAMPLES, Long.toString(c.samples));
            c.dirty = false;
        }
        dirtyCategories.clear();
    }

    /**
     * Account age is measured to the start of the watermark's day, and sellers are re-scored when
     * the day changes: so the score does not depend on where a batch happened to end.
     */
    private long trustAsOf() {
        return watermark == Long.MIN_VALUE ? 0 : Math.floorDiv(watermark, DAY_MS) * DAY_MS;
    }

    private void writeListing(ListingState l) {
        Map<String, String> row = pending.set(l.key);
        int d = l.dirty;
        if ((d & ATTRS) != 0 && l.published) {
            row.put(CATEGORY, l.category);
            row.put(SELLER_ID, l.sellerId);
            row.put(PRICE, num(l.price));
            row.put(STOCK, Integer.toString(l.stock));
            row.put(STOCK_STATUS, l.removed || l.moderated ? REMOVED : l.stock > 0 ? IN_STOCK : OUT_OF_STOCK);
            row.put(CONDITION, l.condition == null ? "" : l.condition);
            row.put(CONDITION_GRADE, num(ListingQuality.conditionGrade(l.condition)));
            row.put(PHOTO_COUNT, Integer.toString(l.photos));
            row.put(DESCRIPTION_LENGTH, Integer.toString(l.descriptionLength));
            if (l.province != null) {
                row.put(PROVINCE, l.province);
            }
            row.put(LAT, num(l.lat));
            row.put(LON, num(l.lon));
            row.put(PUBLISHED_AT, Long.toString(l.publishedAt));
        } else if ((d & ATTRS) != 0 && (l.removed || l.moderated)) {
            row.put(STOCK_STATUS, REMOVED);
        }
        if ((d & (COUNTS | VIEWS)) != 0) {
            row.put(VIEWS_TOTAL, Long.toString(l.views));
        }
        if ((d & COUNTS) != 0) {
            row.put(CLICKS_TOTAL, Long.toString(l.clicks));
            row.put(CARTS_TOTAL, Long.toString(l.carts));
            row.put(ORDERS_TOTAL, Long.toString(l.orders));
        }
        if ((d & (ATTRS | COUNTS)) != 0 && l.published) {
            row.put(QUALITY_SCORE, num(ListingQuality.score(l.photos, l.descriptionLength,
                    ListingQuality.conditionGrade(l.condition), l.clicks, l.orders)));
        }
        if ((d & BOOST) != 0) {
            boolean campaignLive = l.campaignId != null && watermark < l.endsAt && l.budget - l.spent > 0;
            row.put(IS_BOOSTED_NOW, l.forceBoost || campaignLive ? "1" : "0");
            row.put(FORCE_BOOST, l.forceBoost ? "1" : "0");
            if (l.campaignId != null) {
                row.put(BOOST_ENDS_AT, Long.toString(l.endsAt));
                row.put(BOOST_BUDGET_LEFT, num(Math.max(0, l.budget - l.spent)));
            }
        }
        if ((d & TRUST) != 0 && l.sellerId != null) {
            SellerState s = seller(l.sellerId);
            if (Double.isNaN(s.trust)) {
                s.trust = SellerTrust.score(s.signals(), trustAsOf());
            }
            row.put(SELLER_TRUST_SCORE, num(s.trust));
        }
    }

    // ---- state --------------------------------------------------------------------------------

    private ListingState listing(String id) {
        ListingState l = listings.get(id);
        if (l == null) {
            l = new ListingState(id);
            listings.put(id, l);
        }
        return l;
    }

    private UserState user(String id) {
        UserState u = users.get(id);
        if (u == null) {
            u = new UserState(id);
            users.put(id, u);
        }
        return u;
    }

    private SellerState seller(String id) {
        SellerState s = sellers.get(id);
        if (s == null) {
            s = new SellerState(id);
            sellers.put(id, s);
        }
        return s;
    }

    private void markListing(ListingState l, int bits) {
        if (l.dirty == 0) {
            dirtyListings.add(l);
        }
        l.dirty |= bits;
    }

    private void markUser(UserState u) {
        if (!u.dirty) {
            u.dirty = true;
            dirtyUsers.add(u);
        }
    }

    private void markSeller(SellerState s) {
        if (!s.dirty) {
            s.dirty = true;
            dirtySellers.add(s);
        }
    }

    /** Integral values without a fraction (as the stores print counters), others in full. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Where a windowed counter of one entity last wrote, so the field name is built once per bucket. */
    private static final class BucketCursor {
        long bucket = Long.MIN_VALUE;
        String field;
    }

    private record BoostEnd(long endsAt, String listingId) {
    }

    private record UserDay(long day, UserState user) {
    }

    private static final class ListingState {
        final String id;
        final String key;
        final BucketCursor viewsCursor = new BucketCursor();
        final BucketCursor clicksCursor = new BucketCursor();
        boolean published;
        boolean removed;
        /** A moderator's last decision took it down. */
        boolean moderated;
        String sellerId;
        String category;
        String condition;
        String province;
        double price;
        double lat;
        double lon;
        int stock;
        int photos;
        int descriptionLength;
        long publishedAt;
        long views;
        long clicks;
        long carts;
        long orders;
        String campaignId;
        double budget;
        double spent;
        long endsAt;
        boolean forceBoost;
        int dirty;

        ListingState(String id) {
            this.id = id;
            this.key = FeatureKeys.listing(id);
        }
    }

    private static final class Touch {
        final long day;
        final String category;
        double weight;

        Touch(long day, String category, double weight) {
            this.day = day;
            this.category = category;
            this.weight = weight;
        }
    }

    private static final class UserState {
        final String key;
        final BucketCursor sessionCursor = new BucketCursor();
        final List<Touch> touches = new ArrayList<>(4);
        long lastTouchDay = Long.MIN_VALUE;
        double spend;
        long orders;
        String searchQuery;
        String lastViewedCategory;
        boolean dirty;

        UserState(String id) {
            this.key = FeatureKeys.user(id);
        }

        /** Drops touches older than 30 days and ranks the rest by weight, then slug. */
        String topCategories(long today) {
            touches.removeIf(t -> t.day <= today - TOP_CATEGORY_DAYS);
            if (touches.isEmpty()) {
                return "";
            }
            Map<String, Double> byCategory = new HashMap<>();
            for (Touch t : touches) {
                byCategory.merge(t.category, t.weight, Double::sum);
            }
            List<Map.Entry<String, Double>> ranked = new ArrayList<>(byCategory.entrySet());
            ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey()));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(TOP_CATEGORY_COUNT, ranked.size()); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(ranked.get(i).getKey());
            }
            return sb.toString();
        }
    }

    private static final class SellerState {
        final String key;
        final Set<String> listings = new LinkedHashSet<>();
        String province;
        long registeredAt;
        boolean verified;
        boolean bannedByModeration;
        boolean bannedByAdmin;
        int reports;
        long completedOrders;
        /** The score last written; NaN before the first. */
        double trust = Double.NaN;
        boolean dirty;

        SellerState(String id) {
            this.key = FeatureKeys.seller(id);
        }

        boolean banned() {
            return bannedByModeration || bannedByAdmin;
        }

        SellerTrust.Signals signals() {
            return new SellerTrust.Signals(verified, reports, banned(), registeredAt, completedOrders);
        }
    }

    private static final class CategoryState {
        final String slug;
        double average;
        long samples;
        boolean dirty;

        CategoryState(String slug) {
            this.slug = slug;
        }
    }
}
