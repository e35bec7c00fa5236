package io.mercator.recall.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorChecks;
import io.mercator.recall.VectorRecall;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Vector recall on Milvus 2.6 through {@link MilvusClientV2}: cosine similarity on an HNSW index, with
 * scalar listing attributes for filter expressions ({@link #nearest(float[], int, String)}).
 *
 * <p>Collection: {@value #ID} (VARCHAR primary key), {@value #VECTOR} (FLOAT_VECTOR of the embedder's
 * dimension) and the nullable scalars {@value #CATEGORY}, {@value #SELLER_ID}, {@value #LAT},
 * {@value #LON}, {@value #PRICE}. {@link #open} creates it with its index when missing, checks the
 * dimension of an existing one, and loads it. The port's {@link #upsert} knows only vectors, so its
 * rows carry no attributes (a filter on them does not match those rows); the projection that knows the
 * listing uses {@link #upsertListings}.
 *
 * <p>Consistency: the collection is created with {@link Options#consistency()} (default
 * {@link ConsistencyLevel#SESSION}): this client reads its own completed writes, which is what
 * {@link #refresh()} promises, without Milvus's flush. A flush seals segments and is rate-limited
 * server-side; calling it per projection batch would hurt Milvus, so {@link #refresh()} makes no call.
 *
 * <p>Same semantics as the embedded twin: scores are cosine similarities, a wrong dimension fails the
 * future with both numbers, an all-zero vector has no direction (upserting one deletes the listing,
 * searching with one finds nothing), at most {@link #MAX_HITS} hits.
 *
 * <p>Threads and faults: the SDK is blocking, so each call runs on an executor this class owns and
 * shuts down on {@link #close()}, never on an event loop; futures complete on that executor's
 * threads (or the JDK's timer thread on a deadline). Every call is bounded by
 * {@link Options#requestTimeout()} (gRPC deadline, the SDK's retry budget and a hard deadline on the
 * future), so an unreachable server fails futures instead of holding them. Once the server is back,
 * calls succeed again within about a second: a connection that has only failed for a while is
 * rebuilt rather than left to gRPC's growing reconnection back-off ({@link #reconnectIfDown}).
 */
public final class MilvusVectorRecall implements VectorRecall {

    /** Most hits one search returns, whatever the limit asked (as the embedded twin). */
    public static final int MAX_HITS = 1_000;

    public static final String ID = "listing_id";
    public static final String VECTOR = "vector";
    public static final String CATEGORY = "category";
    public static final String SELLER_ID = "seller_id";
    public static final String LAT = "lat";
    public static final String LON = "lon";
    public static final String PRICE = "price";

    /** Longest listing id, category and seller id the collection stores. */
    static final int MAX_KEY_LENGTH = 128;

    /** HNSW shape, as the embedded twin's defaults; {@code ef} at search is at least the limit. */
    static final int HNSW_M = 16;
    static final int HNSW_EF_CONSTRUCTION = 100;
    static final int HNSW_MIN_EF = 64;

    /**
     * Where and how to reach Milvus; built from configuration.
     *
     * @param uri            e.g. {@code http://milvus:19530}
     * @param credentials    null for a server without authentication
     * @param database       null for Milvus's default database
     * @param collection     the listings collection
     * @param consistency    the collection's consistency level when this class creates it
     * @param connectTimeout bound on establishing the connection
     * @param requestTimeout bound on one call, retries included
     * @param threads        threads running the blocking SDK calls
     */
    public record Options(String uri, Credentials credentials, String database, String collection,
                          ConsistencyLevel consistency, Duration connectTimeout, Duration requestTimeout, int threads) {

        public Options {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("Milvus uri is required");
            }
            if (collection == null || !collection.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("collection name must be letters, digits and _, got " + collection);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
        }

        /** No authentication, default database, session consistency, 2 s to connect, 5 s per call, 4 threads. */
        public static Options local(String uri, String collection) {
            return new Options(uri, null, null, collection, ConsistencyLevel.SESSION, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), 4);
        }

        public Options withTimeouts(Duration connect, Duration request) {
            return new Options(uri, credentials, database, collection, consistency, connect, request, threads);
        }
    }

    /**
     * A token ({@code user:password} or an API key) or a user and password; {@link #toString()} never
     * shows the secret.
     */
    public record Credentials(String token, String username, String password) {

        public static Credentials token(String token) {
            return new Credentials(token, null, null);
        }

        public static Credentials basic(String username, String password) {
            return new Credentials(null, username, password);
        }

        @Override
        public String toString() {
            return token != null ? "Credentials[token=***]" : "Credentials[username=" + username + ", password=***]";
        }
    }

    /** A listing's vector with the attributes filter expressions can use. */
    public record ListingVector(ListingDocument listing, float[] vector) {
    }

    /** No answer for this long while calls fail: the connection is rebuilt (see {@link #reconnectIfDown}). */
    static final Duration DOWN_AFTER = Duration.ofSeconds(2);
    /** How often a rebuild is tried while the server stays away. */
    static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);
    /** After a rebuild that connected, how long before the next: failures then are not the connection's. */
    static final Duration REBUILT_QUIET = Duration.ofSeconds(10);

    private final Options options;
    private final int dimension;
    private final ExecutorService executor;
    private volatile MilvusClientV2 client;
    private final AtomicLong lastSuccess = new AtomicLong(System.nanoTime());
    private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastRebuild = new AtomicLong(System.nanoTime() - REBUILT_QUIET.toNanos());
    private final AtomicLong rebuilds = new AtomicLong();
    private final ScheduledExecutorService reconnector;

    private MilvusVectorRecall(Options options, int dimension, ExecutorService executor, MilvusClientV2 client) {
        this.options = options;
        this.dimension = dimension;
        this.executor = executor;
        this.client = client;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "milvus-reconnect");
            t.setDaemon(true);
            return t;
        });
        reconnector.scheduleWithFixedDelay(this::reconnectIfDown, RECONNECT_EVERY.toMillis(), RECONNECT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * gRPC reconnects to a server that went away on a back-off that grows 1.6 times per failed
     * attempt up to two minutes, so after a long outage the channel could stay down for minutes
     * after the server is back (and every refused call holds the caller's breaker open longer).
     * The SDK gives no way to reset it; instead, while calls fail and none has succeeded for
     * {@link #DOWN_AFTER}, a new client is built each {@link #RECONNECT_EVERY} (refused at once
     * while the server is away) and swapped in once it connects.
     */
    private void reconnectIfDown() {
        long now = System.nanoTime();
        if (lastFailure.get() <= lastSuccess.get() || now - lastSuccess.get() < DOWN_AFTER.toNanos()
                || now - lastRebuild.get() < REBUILT_QUIET.toNanos()) {
            return;
        }
        MilvusClientV2 fresh;
        try {
            fresh = connect(options);
        } catch (RuntimeException stillDown) {
            return;
        }
        lastRebuild.set(System.nanoTime());
        rebuilds.incrementAndGet();
        MilvusClientV2 old = client;
        client = fresh;
        try {
            old.close(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the old channel was broken anyway
        }
    }

    /** Connections rebuilt after the server went away and came back, since open. */
    public long reconnections() {
        return rebuilds.get();
    }

    private static MilvusClientV2 connect(Options options) {
        MilvusClientV2 client = new MilvusClientV2(connectConfig(options));
        // the SDK's default retries for minutes; a recall call must fail within its budget
        client.retryConfig(RetryConfig.builder().maxRetryTimes(3).initialBackOffMs(50).maxBackOffMs(500)
                .maxRetryTimeoutMs(options.requestTimeout().toMillis()).build());
        return client;
    }

    /**
     * Connects, creates the collection and its index if missing (checking the dimension of an existing
     * one), and loads it for search.
     */
    public static Future<MilvusVectorRecall> open(Options options, int dimension) {
        if (dimension < 1) {
            return Future.failedFuture(new IllegalArgumentException("dimension must be positive, got " + dimension));
        }
        ExecutorService executor = Executors.newFixedThreadPool(options.threads(), daemonThreads());
        return deadline(options, executor, () -> {
            MilvusClientV2 client = connect(options);
            try {
                MilvusVectorRecall recall = new MilvusVectorRecall(options, dimension, executor, client);
                recall.ensureCollection();
                return recall;
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }).onFailure(e -> executor.shutdownNow());
    }

    public Options options() {
        return options;
    }

    public int dimension() {
        return dimension;
    }

    private void ensureCollection() {
        String name = options.collection();
        boolean exists = client.hasCollection(HasCollectionReq.builder().databaseName(options.database())
                .collectionName(name).build());
        if (exists) {
            // an existing collection must fit what this recall embeds
            DescribeCollectionResp existing = client.describeCollection(DescribeCollectionReq.builder()
                    .databaseName(options.database()).collectionName(name).build());
            CreateCollectionReq.FieldSchema vector = existing.getCollectionSchema().getField(VECTOR);
            if (vector == null || vector.getDimension() == null || vector.getDimension() != dimension) {
                throw new IllegalStateException("collection " + name + " holds "
                        + (vector == null ? "no " + VECTOR + " field" : vector.getDimension() + "-dimensional vectors")
                        + "; this recall embeds " + dimension + " dimensions");
            }
        } else {
            CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
            schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar).maxLength(MAX_KEY_LENGTH)
                    .isPrimaryKey(true).autoID(false).build());
            schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(dimension).build());
            schema.addField(AddFieldReq.builder().fieldName(CATEGORY).dataType(DataType.VarChar).maxLength(MAX_KEY_LENGTH)
                    .isNullable(true).build());
            schema.addField(AddFieldReq.builder().fieldName(SELLER_ID).dataType(DataType.VarChar).maxLength(MAX_KEY_LENGTH)
                    .isNullable(true).build());
            schema.addField(AddFieldReq.builder().fieldName(LAT).dataType(DataType.Double).isNullable(true).build());
            schema.addField(AddFieldReq.builder().fieldName(LON).dataType(DataType.Double).isNullable(true).build());
            schema.addField(AddFieldReq.builder().fieldName(PRICE).dataType(DataType.Double).isNullable(true).build());
            IndexParam index = IndexParam.builder().fieldName(VECTOR).indexName(VECTOR + "_hnsw")
                    .indexType(IndexParam.IndexType.HNSW).metricType(IndexParam.MetricType.COSINE)
                    .extraParams(Map.of("M", HNSW_M, "efConstruction", HNSW_EF_CONSTRUCTION)).build();
            client.createCollection(CreateCollectionReq.builder().databaseName(options.database()).collectionName(name)
                    .collectionSchema(schema).indexParams(List.of(index)).consistencyLevel(options.consistency())
                    .description("listing embeddings for vector recall").build());
        }
        // Given index parameters the SDK's createCollection also asks for a load, but does not wait for
        // it; this load waits (GetLoadingProgress) so the first search cannot find it still loading.
        // For an existing collection it is a no-op when already loaded.
        client.loadCollection(LoadCollectionReq.builder().databaseName(options.database()).collectionName(name).build());
    }

    @Override
    public Future<Void> upsert(List<Entry> entries) {
        List<ListingVector> rows = entries.stream().map(e -> new ListingVector(
                new ListingDocument(e.listingId(), null, null, null, null, Double.NaN, Double.NaN, Double.NaN), e.vector())).toList();
        return upsertListings(rows);
    }

    /** Upserts listings with their attributes; null or NaN attributes are stored as null. */
    public Future<Void> upsertListings(List<ListingVector> rows) {
        try {
            for (ListingVector r : rows) {
                VectorChecks.requireDimension(r.vector(), dimension, "listing " + r.listing().listingId());
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        List<JsonObject> data = new ArrayList<>();
        List<String> zero = new ArrayList<>();
        for (ListingVector r : rows) {
            if (VectorChecks.isZero(r.vector())) {
                zero.add(r.listing().listingId()); // no direction: as the twin, the listing leaves the index
            } else {
                data.add(row(r));
            }
        }
        return call(() -> {
            if (!data.isEmpty()) {
                client.upsert(UpsertReq.builder().databaseName(options.database()).collectionName(options.collection())
                        .data(data).build());
            }
            if (!zero.isEmpty()) {
                deleteNow(zero);
            }
            return null;
        });
    }

    private static JsonObject row(ListingVector r) {
        ListingDocument d = r.listing();
        JsonObject row = new JsonObject();
        row.addProperty(ID, d.listingId());
        JsonArray vector = new JsonArray(r.vector().length);
        for (float x : r.vector()) {
            vector.add(x);
        }
        row.add(VECTOR, vector);
        addIfPresent(row, CATEGORY, d.category());
        addIfPresent(row, SELLER_ID, d.sellerId());
        addIfPresent(row, LAT, d.lat());
        addIfPresent(row, LON, d.lon());
        addIfPresent(row, PRICE, d.price());
        return row;
    }

    private static void addIfPresent(JsonObject row, String field, String value) {
        if (value != null) {
            row.addProperty(field, value);
        }
    }

    private static void addIfPresent(JsonObject row, String field, double value) {
        if (!Double.isNaN(value)) {
            row.addProperty(field, value);
        }
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        if (listingIds.isEmpty()) {
            return Future.succeededFuture();
        }
        return call(() -> {
            deleteNow(listingIds);
            return null;
        });
    }

    private void deleteNow(List<String> listingIds) {
        client.delete(DeleteReq.builder().databaseName(options.database()).collectionName(options.collection())
                .ids(new ArrayList<>(listingIds)).build());
    }

    /** Nothing to call: with session consistency this client's completed writes are already visible. */
    @Override
    public Future<Void> refresh() {
        return Future.succeededFuture();
    }

    @Override
    public Future<List<RecallHit>> nearest(float[] vector, int limit) {
        return nearest(vector, limit, null);
    }

    /**
     * Nearest listings among those matching a Milvus boolean expression over the scalar fields, e.g.
     * {@code category == "mobile-phones" and seller_id != "S-1"}; null or blank for no filter. The
     * expression is Milvus's language: build it from trusted values, never paste user input into it.
     */
    public Future<List<RecallHit>> nearest(float[] vector, int limit, String filterExpression) {
        try {
            VectorChecks.requireDimension(vector, dimension, "query vector");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (limit <= 0 || VectorChecks.isZero(vector)) {
            return Future.succeededFuture(List.of());
        }
        int topK = Math.min(limit, MAX_HITS);
        float[] query = vector.clone();
        return call(() -> {
            SearchReq.SearchReqBuilder search = SearchReq.builder().databaseName(options.database())
                    .collectionName(options.collection()).annsField(VECTOR).metricType(IndexParam.MetricType.COSINE)
                    .data(List.of(new FloatVec(query))).limit(topK).outputFields(List.of(ID))
                    .searchParams(Map.of("ef", Math.max(topK, HNSW_MIN_EF)));
            if (filterExpression != null && !filterExpression.isBlank()) {
                search.filter(filterExpression);
            }
            SearchResp response = client.search(search.build());
            List<RecallHit> hits = new ArrayList<>(topK);
            for (SearchResp.SearchResult r : response.getSearchResults().getFirst()) {
                hits.add(new RecallHit(String.valueOf(r.getId()), r.getScore()));
            }
            return hits;
        });
    }

    /** Runs a blocking SDK call on the executor, bounded by the request timeout; notes how it went. */
    private <T> Future<T> call(Supplier<T> blocking) {
        return deadline(options, executor, blocking)
                .onSuccess(v -> lastSuccess.set(System.nanoTime()))
                .onFailure(e -> lastFailure.set(System.nanoTime()));
    }

    private static <T> Future<T> deadline(Options options, ExecutorService executor, Supplier<T> blocking) {
        CompletableFuture<T> f;
        try {
            f = CompletableFuture.supplyAsync(blocking, executor);
        } catch (RuntimeException rejected) {
            return Future.failedFuture(new IllegalStateException("Milvus recall is closed", rejected));
        }
        // the SDK bounds each RPC and its retries; this catches anything that would still hang
        long budgetMs = options.connectTimeout().toMillis() + 2 * options.requestTimeout().toMillis();
        return Future.fromCompletionStage(f.orTimeout(budgetMs, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                cause = new TimeoutException("Milvus did not answer within " + budgetMs + " ms");
            }
            return CompletableFuture.failedFuture(cause);
        }));
    }

    private static ConnectConfig connectConfig(Options options) {
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(options.uri())
                .connectTimeoutMs(options.connectTimeout().toMillis())
                .rpcDeadlineMs(options.requestTimeout().toMillis());
        if (options.database() != null) {
            config.dbName(options.database());
        }
        Credentials c = options.credentials();
        if (c != null && c.token() != null) {
            config.token(c.token());
        } else if (c != null) {
            config.username(c.username()).password(c.password());
        }
        return config.build();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "milvus-recall-" + n.incrementAndGet());
            t.setDaemon(true); // a forgotten close must not keep the JVM alive
            return t;
        };
    }

    @Override
    public void close() {
        reconnector.shutdownNow();
        executor.shutdown();
        try {
            client.close(options.requestTimeout().toSeconds() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
