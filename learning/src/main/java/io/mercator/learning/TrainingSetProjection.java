package io.mercator.learning;

import io.mercator.catalog.CatalogProjection;
import io.mercator.catalog.Listing;
import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.FeatureValues;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.projection.Projection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.hydration.features.UserFeatures;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the training set from the log: every impression becomes a row, labelled with the click,
 * cart and order of the same (user, listing, request) that arrive within the attribution window
 * (one hour of event time after the impression).
 *
 * <p><b>Point in time.</b> A row's features are the ones the ranker served. When the impression
 * carries them (the ranker logs its feature map) they are used as logged. Otherwise they are
 * rebuilt with {@link RankingFeatures} from this projection's own private
 * {@link FeatureProjection} over its own {@link InProcessOnlineStore} (and its own catalog, for
 * titles), read as of the impression's timestamp with the state left by every event
 * <em>before</em> the request's first impression: events after it are held back until the
 * request's rows are built, so no later click, order or update can leak into a row. All the
 * impressions of one request are read together, as the ranker would have read them.
 *
 * <p><b>Emission.</b> A row is final once event time passes its timestamp plus the window, or on
 * {@link #flush()} at the end of the log; final rows are appended to {@link #trainingSet()}.
 * The runner offers each event id once (a training replay goes through it too), and since the
 * rows depend on the order of the events only, not on where batch boundaries fall, a replay gives
 * the same set.
 */
public final class TrainingSetProjection implements Projection {

    public static final long ATTRIBUTION_WINDOW_MS = 3_600_000L;

    private final FeatureVectorizer vectorizer;
    private final int width;
    private final long windowMillis;
    private final InProcessOnlineStore store =
            new InProcessOnlineStore(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final FeatureProjection features = new FeatureProjection(store);
    private final FeatureReader reader = new FeatureReader(store);
    private final CatalogProjection catalog = new CatalogProjection();
    private final TrainingSet set;

    /** Events seen but not yet applied to the private feature state. */
    private final List<LogRecord> unapplied = new ArrayList<>();
    /** Impressions of the request being gathered; their rows are built before anything later is applied. */
    private final List<Shown> request = new ArrayList<>();
    private String requestId;
    private String requestUser;

    /** Rows whose window is still open, by arrival; and by join key for the labels. */
    private final ArrayDeque<OpenRow> open = new ArrayDeque<>();
    private final Map<JoinKey, OpenRow> openByKey = new HashMap<>();
    private long watermark = Long.MIN_VALUE;

    /** The shared {@link RankingFeatures} and the one-hour window. */
    public TrainingSetProjection() {
        this(new RankingFeatures(), ATTRIBUTION_WINDOW_MS);
    }

    public TrainingSetProjection(FeatureVectorizer vectorizer, long windowMillis) {
        this.vectorizer = vectorizer;
        this.width = vectorizer.names().size();
        this.windowMillis = windowMillis;
        this.set = new TrainingSet(vectorizer.names());
    }

    /** Builds the training set of a whole log given as events in log order, flushing at the end. */
    public static TrainingSet build(List<Event> events) {
        TrainingSetProjection p = new TrainingSetProjection();
        List<LogRecord> batch = new ArrayList<>(4096);
        LogPartition partition = new LogPartition("events", 0);
        long offset = 0;
        for (Event e : events) {
            batch.add(new LogRecord(partition, offset++, e));
            if (batch.size() == 4096) {
                done(p.apply(batch));
                batch = new ArrayList<>(4096);
            }
        }
        done(p.apply(batch));
        p.flush();
        return p.trainingSet();
    }

    @Override
    public String id() {
        return "training";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                onEvent(r);
            }
            return Future.succeededFuture();
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    /** Ends the log: builds the pending request's rows and closes every open window. */
    public void flush() {
        finishRequest();
        applyUnapplied();
        while (!open.isEmpty()) {
            emit(open.pollFirst());
        }
    }

    /** The rows emitted so far (windows closed), in emission order. */
    public TrainingSet trainingSet() {
        return set;
    }

    /** Rows whose attribution window is still open. */
    public int openRows() {
        return open.size() + request.size();
    }

    private void onEvent(LogRecord r) {
        Event e = r.event();
        if (e.ts() > watermark) {
            watermark = e.ts();
            closeWindows();
        }
        switch (e.data()) {
            case InteractionPayload.Impression imp -> {
                gather(e, imp.requestId());
                request.add(new Shown(e.ts(), imp));
            }
            case InteractionPayload.Impressions list -> {
                gather(e, list.requestId());
                for (int i = 0; i < list.size(); i++) {
                    request.add(new Shown(e.ts(), list.impression(i)));
                }
            }
            case InteractionPayload.Click c -> label(e, c, TrainingSet.CLICK);
            case InteractionPayload.AddToCart c -> label(e, c, TrainingSet.CART);
            case InteractionPayload.Order o -> label(e, o, TrainingSet.ORDER);
            default -> {
                // catalog, seller, user and boost events only feed the feature state
            }
        }
        unapplied.add(r);
    }

    /** Starts gathering a new request unless the impression continues the one being gathered. */
    private void gather(Event e, String impressionRequestId) {
        if (!impressionRequestId.equals(requestId) || !e.key().equals(requestUser)) {
            finishRequest();
            applyUnapplied(); // everything before this request's first impression, nothing after
            requestId = impressionRequestId;
            requestUser = e.key();
        }
    }

    private void label(Event e, InteractionPayload.OnListing p, int bit) {
        if (!request.isEmpty()) {
            finishRequest(); // a label may name an impression of the request still being gathered
        }
        OpenRow row = openByKey.get(new JoinKey(e.key(), p.listingId(), p.requestId()));
        if (row != null && e.ts() >= row.ts && e.ts() - row.ts <= windowMillis) {
            row.labels |= bit;
        }
    }

    private void closeWindows() {
        OpenRow head;
        while ((head = open.peekFirst()) != null && watermark - head.ts > windowMillis) {
            emit(open.pollFirst());
        }
    }

    private void emit(OpenRow row) {
        openByKey.remove(row.key, row);
        set.add(row.key.requestId(), row.key.userId(), row.key.listingId(), row.ts, row.surface, row.features,
                row.labels);
    }

    private void applyUnapplied() {
        if (unapplied.isEmpty()) {
            return;
        }
        Future<Void> f = features.apply(unapplied);
        Future<Void> c = catalog.apply(unapplied);
        unapplied.clear();
        if (f.failed()) {
            throw new IllegalStateException("feature state failed", f.cause());
        }
        if (c.failed()) {
            throw new IllegalStateException("catalog state failed", c.cause());
        }
    }

    /** Builds the rows of the gathered request from the state as it was before the request. */
    private void finishRequest() {
        if (request.isEmpty()) {
            return;
        }
        Shown first = request.get(0);
        long ts = first.ts();
        float[][] rows = new float[request.size()][];
        List<Integer> toCompute = new ArrayList<>(request.size());
        for (int i = 0; i < request.size(); i++) {
            FeatureValues logged = request.get(i).impression().features();
            if (logged != null) {
                rows[i] = logged.row(vectorizer.names());
            } else {
                toCompute.add(i);
            }
        }
        if (!toCompute.isEmpty()) {
            computeRows(toCompute, rows, ts, first.impression());
        }
        for (int i = 0; i < request.size(); i++) {
            Shown shown = request.get(i);
            InteractionPayload.Impression imp = shown.impression();
            OpenRow row = new OpenRow(new JoinKey(requestUser, imp.listingId(), imp.requestId()), shown.ts(),
                    imp.surface(), rows[i]);
            // a listing shown twice in one request is one row: the first showing counts
            if (openByKey.putIfAbsent(row.key, row) == null) {
                open.addLast(row);
            }
        }
        request.clear();
    }

    private void computeRows(List<Integer> which, float[][] rows, long ts, InteractionPayload.Impression head) {
        List<String> ids = new ArrayList<>(which.size());
        List<String> titles = new ArrayList<>(which.size());
        for (int i : which) {
            String id = request.get(i).impression().listingId();
            ids.add(id);
            titles.add(catalog.listing(id).map(Listing::title).orElse(null));
        }
        List<ProductFeatures> products = done(reader.products(ids, ts));
        UserFeatures user = done(reader.user(requestUser, ts));
        Set<String> categories = new LinkedHashSet<>();
        for (ProductFeatures p : products) {
            if (p.category() != null) {
                categories.add(p.category());
            }
        }
        Map<String, Double> averages = done(reader.averageCategoryPrices(new ArrayList<>(categories)));
        // impressions carry no location: the request is placed at the buyer's home, as the service does without one
        RequestContext ctx = new RequestContext(head.surface(), head.query(), user.homeLat(), user.homeLon(), ts,
                head.device());
        double[] matrix = vectorizer.rows(new RankingInputs(user, products, titles, averages, ctx));
        for (int k = 0; k < which.size(); k++) {
            float[] row = new float[width];
            for (int f = 0; f < width; f++) {
                row[f] = (float) matrix[k * width + f];
            }
            rows[which.get(k)] = row;
        }
    }

    /** The in-process store and projections answer synchronously; anything else is a bug here. */
    static <T> T done(Future<T> f) {
        if (!f.isComplete()) {
            throw new IllegalStateException("the in-process store answered asynchronously");
        }
        if (f.failed()) {
            throw new IllegalStateException("in-process step failed", f.cause());
        }
        return f.result();
    }

    private record JoinKey(String userId, String listingId, String requestId) {
    }

    /** One impression of the request being gathered, at its event time. */
    private record Shown(long ts, InteractionPayload.Impression impression) {
    }

    private static final class OpenRow {
        final JoinKey key;
        final long ts;
        final String surface;
        final float[] features;
        int labels;

        OpenRow(JoinKey key, long ts, String surface, float[] features) {
            this.key = key;
            this.ts = ts;
            this.surface = surface;
            this.features = features;
        }
    }
}
