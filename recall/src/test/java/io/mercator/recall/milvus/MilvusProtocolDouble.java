package io.mercator.recall.milvus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mercator.recall.RecallHit;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.StringArray;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A protocol double of a Milvus 2.6 server, for tests only: an in-process gRPC server built on the
 * SDK's own generated {@link MilvusServiceGrpc.MilvusServiceImplBase}, so the real
 * {@code MilvusClientV2} talks to it over a real socket with the real wire format. It is NOT Milvus.
 *
 * <p>What it implements: exactly the RPCs {@code MilvusVectorRecall} makes the client send (recorded
 * by a {@link ServerInterceptor} in {@link #calls()}): {@code Connect}, {@code HasCollection},
 * {@code CreateCollection}, {@code DescribeCollection}, {@code CreateIndex}, {@code DescribeIndex},
 * {@code LoadCollection}, {@code GetLoadState}, {@code GetLoadingProgress}, {@code Upsert},
 * {@code Delete} and {@code Search}. Any other RPC answers gRPC {@code UNIMPLEMENTED}, so a new call
 * by the client fails the tests instead of passing unnoticed. Search runs on a real ANN index
 * (Lucene HNSW, cosine) for unfiltered searches and an exact cosine scan for filtered ones.
 *
 * <p>What the SDK 2.6.22 was seen to send for our operations (and the double checks): opening a new
 * collection is {@code Connect, HasCollection, CreateCollection, CreateIndex, LoadCollection} (the SDK
 * builds the index and asks for a load when the create carries index parameters) then our waiting
 * {@code LoadCollection, GetLoadingProgress};
 * the first write {@code DescribeCollection} (the SDK caches the schema to encode rows); an upsert is
 * column-wise {@code FieldData} with nullable columns as {@code valid_data} plus only the valid values;
 * a delete by ids is the expression {@code listing_id in ["a"]}; a search carries the vector as
 * float32 little-endian bytes in a serialised {@code PlaceholderGroup}, {@code topk}, {@code metric_type},
 * {@code anns_field} and {@code params} as key-value pairs, the filter in {@code dsl}, and the session's
 * last write timestamp as the guarantee timestamp.
 *
 * <p>What a test against it verifies: the client's request encoding as the SDK really produces it
 * (schema and index parameters, upsert columns, the delete expression, the search's placeholder
 * bytes, metric and topk parameters), the sequence of RPCs our code causes, that our code decodes the
 * responses the SDK builds from the wire (ids, scores, order), and our timeout and reconnection
 * behaviour when the server goes away ({@link #stop()}, {@link #start()} on the same port; the data
 * survive, as Milvus persists them).
 *
 * <p>What it does NOT verify: Milvus's own query semantics (its ANN parameters, score rounding, ties,
 * growing versus sealed segments), filter expressions beyond {@link DoubleFilter}'s subset,
 * consistency levels and guarantee timestamps (every write is visible at once), persistence,
 * flush and compaction, authentication, partitions, performance, and cluster behaviour. Those need a
 * real Milvus, which cannot run on this project's machines.
 */
public final class MilvusProtocolDouble implements AutoCloseable {

    private static final int COLLECTION_NOT_FOUND = 100;
    private static final int INVALID_PARAMETER = 1100;

    private final Map<String, DoubleCollection> collections = new HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong timestamps = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong(1000);
    private int port;
    private Server server;

    /** Starts serving; after a {@link #stop()}, on the same port with the same collections. */
    public synchronized MilvusProtocolDouble start() {
        if (server != null) {
            return this;
        }
        try {
            // keep-alive pings as Milvus's proxy accepts them (every 5 s, idle or not): with gRPC's
            // default (5 minutes) the SDK's pings got the connection closed ("too_many_pings") about
            // ten seconds after each connect, an outage no real Milvus causes (found by bench chaos)
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .permitKeepAliveTime(5, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                    .addService(ServerInterceptors.intercept(new Service(), new CallRecorder()))
                    .build().start();
            port = server.getPort();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops serving now, cutting open connections, as a crashed server would. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** The bare names of the RPCs received, in order (e.g. {@code Connect}, {@code Search}). */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** How many rows a collection holds; -1 when it does not exist. */
    public synchronized int rows(String collection) {
        DoubleCollection c = collections.get(collection);
        return c == null ? -1 : c.size();
    }

    /** The schema a collection was created with, as the client sent it (plus field ids). */
    public synchronized CollectionSchema schema(String collection) {
        return collections.get(collection).schema;
    }

    /** The indexes of a collection, as created by the client. */
    public synchronized List<IndexDescription> indexes(String collection) {
        return List.copyOf(collections.get(collection).indexes);
    }

    @Override
    public void close() {
        stop();
    }

    /** Records every call's method name: the list of RPCs the client really uses. */
    private final class CallRecorder implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            calls.add(call.getMethodDescriptor().getBareMethodName());
            return next.startCall(call, headers);
        }
    }

    private static io.milvus.grpc.Status ok() {
        // code 0 is success; the deprecated error_code field defaults to Success and is left alone
        return io.milvus.grpc.Status.newBuilder().setCode(0).build();
    }

    private static io.milvus.grpc.Status error(int code, String reason) {
        return io.milvus.grpc.Status.newBuilder().setCode(code).setReason(reason).build();
    }

    /** The RPCs; each runs under the double's lock, so the collections need no locking of their own. */
    private final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {

        private <A> void answer(StreamObserver<A> out, java.util.function.Supplier<A> body) {
            A response;
            synchronized (MilvusProtocolDouble.this) {
                response = body.get();
            }
            out.onNext(response);
            out.onCompleted();
        }

        /** Runs {@code body} on the named collection, or answers "collection not found". */
        private <A> A onCollection(String name, Function<io.milvus.grpc.Status, A> failure, Function<DoubleCollection, A> body) {
            DoubleCollection c = collections.get(name);
            if (c == null) {
                return failure.apply(error(COLLECTION_NOT_FOUND, "collection not found[collection=" + name + "]"));
            }
            try {
                return body.apply(c);
            } catch (IllegalArgumentException e) {
                return failure.apply(error(INVALID_PARAMETER, e.getMessage()));
            }
        }

        @Override
        public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
            answer(out, () -> ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(ids.incrementAndGet())
                    .setServerInfo(ServerInfo.newBuilder().setBuildTags("v2.6-protocol-double")).build());
        }

        @Override
        public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
            answer(out, () -> BoolResponse.newBuilder().setStatus(ok())
                    .setValue(collections.containsKey(request.getCollectionName())).build());
        }

        @Override
        public void createCollection(CreateCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
            answer(out, () -> {
                if (collections.containsKey(request.getCollectionName())) {
                    return error(INVALID_PARAMETER, "collection already exists: " + request.getCollectionName());
                }
                try {
                    CollectionSchema schema = CollectionSchema.parseFrom(request.getSchema());
                    collections.put(request.getCollectionName(),
                            new DoubleCollection(ids.incrementAndGet(), schema, request.getConsistencyLevel()));
                    return ok();
                } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                    return error(INVALID_PARAMETER, "bad schema: " + e.getMessage());
                }
            });
        }

        @Override
        public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> DescribeCollectionResponse.newBuilder().setStatus(s).build(),
                    c -> DescribeCollectionResponse.newBuilder().setStatus(ok()).setSchema(c.schema)
                            .setCollectionID(c.id).setCollectionName(request.getCollectionName())
                            .setDbName(request.getDbName().isEmpty() ? "default" : request.getDbName())
                            .setConsistencyLevel(c.consistency).setShardsNum(1).setNumPartitions(1)
                            .addVirtualChannelNames("double-dml_0_" + c.id + "v0").addPhysicalChannelNames("double-dml_0")
                            .setCreatedTimestamp(c.id).setCreatedUtcTimestamp(c.id).build()));
        }

        @Override
        public void createIndex(CreateIndexRequest request, StreamObserver<io.milvus.grpc.Status> out) {
            answer(out, () -> onCollection(request.getCollectionName(), s -> s, c -> {
                if (!request.getFieldName().equals(c.vectorField)) {
                    return error(INVALID_PARAMETER, "the double indexes only the vector field, not " + request.getFieldName());
                }
                Map<String, String> params = params(request.getExtraParamsList());
                if (!"COSINE".equals(params.get("metric_type"))) {
                    return error(INVALID_PARAMETER, "the double searches by COSINE only, got " + params.get("metric_type"));
                }
                c.indexes.add(IndexDescription.newBuilder().setIndexName(request.getIndexName())
                        .setIndexID(ids.incrementAndGet()).setFieldName(request.getFieldName())
                        .addAllParams(request.getExtraParamsList()).setState(IndexState.Finished).build());
                return ok();
            }));
        }

        @Override
        public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> DescribeIndexResponse.newBuilder().setStatus(s).build(),
                    c -> {
                        List<IndexDescription> found = c.indexes.stream()
                                .filter(i -> request.getIndexName().isEmpty() || i.getIndexName().equals(request.getIndexName())
                                        || i.getFieldName().equals(request.getFieldName()))
                                .map(i -> i.toBuilder().setIndexedRows(c.size()).setTotalRows(c.size()).build()).toList();
                        if (found.isEmpty()) {
                            return DescribeIndexResponse.newBuilder().setStatus(error(700, "index not found")).build();
                        }
                        return DescribeIndexResponse.newBuilder().setStatus(ok()).addAllIndexDescriptions(found).build();
                    }));
        }

        @Override
        public void loadCollection(LoadCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
            answer(out, () -> onCollection(request.getCollectionName(), s -> s, c -> {
                if (c.indexes.isEmpty()) {
                    return error(INVALID_PARAMETER, "there is no vector index on collection " + request.getCollectionName());
                }
                c.loaded = true;
                return ok();
            }));
        }

        @Override
        public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> GetLoadStateResponse.newBuilder().setStatus(s).build(),
                    c -> GetLoadStateResponse.newBuilder().setStatus(ok())
                            .setState(c.loaded ? LoadState.LoadStateLoaded : LoadState.LoadStateNotLoad).build()));
        }

        @Override
        public void getLoadingProgress(GetLoadingProgressRequest request, StreamObserver<GetLoadingProgressResponse> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> GetLoadingProgressResponse.newBuilder().setStatus(s).build(),
                    c -> GetLoadingProgressResponse.newBuilder().setStatus(ok()).setProgress(c.loaded ? 100 : 0)
                            .setRefreshProgress(100).build()));
        }

        @Override
        public void upsert(io.milvus.grpc.UpsertRequest request, StreamObserver<MutationResult> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> MutationResult.newBuilder().setStatus(s).build(),
                    c -> {
                        List<Map<String, Object>> rows = rows(request.getFieldsDataList(), request.getNumRows(), c);
                        StringArray.Builder keys = StringArray.newBuilder();
                        List<Integer> succ = new ArrayList<>();
                        for (int i = 0; i < rows.size(); i++) {
                            Map<String, Object> row = rows.get(i);
                            float[] vector = (float[]) row.remove(c.vectorField);
                            String key = (String) row.get(c.primaryField);
                            c.upsert(key, row, vector);
                            keys.addData(key);
                            succ.add(i);
                        }
                        return MutationResult.newBuilder().setStatus(ok()).setIDs(IDs.newBuilder().setStrId(keys))
                                .addAllSuccIndex(succ).setUpsertCnt(rows.size()).setTimestamp(timestamps.incrementAndGet())
                                .build();
                    }));
        }

        @Override
        public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> MutationResult.newBuilder().setStatus(s).build(),
                    c -> {
                        if (request.getExprTemplateValuesCount() > 0) {
                            throw new IllegalArgumentException("the double does not evaluate expression templates");
                        }
                        int deleted = c.delete(DoubleFilter.parse(request.getExpr()));
                        return MutationResult.newBuilder().setStatus(ok()).setDeleteCnt(deleted)
                                .setTimestamp(timestamps.incrementAndGet()).build();
                    }));
        }

        @Override
        public void search(SearchRequest request, StreamObserver<SearchResults> out) {
            answer(out, () -> onCollection(request.getCollectionName(),
                    s -> SearchResults.newBuilder().setStatus(s).build(),
                    c -> search(request, c)));
        }

        private SearchResults search(SearchRequest request, DoubleCollection c) {
            if (!c.loaded) {
                throw new IllegalArgumentException("collection not loaded: " + request.getCollectionName());
            }
            Map<String, String> params = params(request.getSearchParamsList());
            if (!c.vectorField.equals(params.get("anns_field"))) {
                throw new IllegalArgumentException("search on unknown vector field " + params.get("anns_field"));
            }
            if (params.containsKey("metric_type") && !"COSINE".equals(params.get("metric_type"))) {
                throw new IllegalArgumentException("metric type mismatch: index is COSINE, search asked " + params.get("metric_type"));
            }
            int topK = Integer.parseInt(params.getOrDefault("topk", params.getOrDefault("limit", "10")));
            if (request.getExprTemplateValuesCount() > 0) {
                throw new IllegalArgumentException("the double does not evaluate expression templates");
            }
            Predicate<Map<String, Object>> filter = DoubleFilter.parse(request.getDsl());
            boolean filtered = !request.getDsl().isBlank();
            List<float[]> queries = queryVectors(request.getPlaceholderGroup(), c.dimension);
            SearchResultData.Builder data = SearchResultData.newBuilder().setNumQueries(queries.size()).setTopK(topK)
                    .setPrimaryFieldName(c.primaryField);
            StringArray.Builder keys = StringArray.newBuilder();
            for (float[] q : queries) {
                List<RecallHit> hits = c.search(q, topK, filter, filtered);
                for (RecallHit h : hits) {
                    keys.addData(h.listingId());
                    data.addScores((float) h.score());
                }
                data.addTopks(hits.size());
            }
            data.setIds(IDs.newBuilder().setStrId(keys));
            return SearchResults.newBuilder().setStatus(ok()).setCollectionName(request.getCollectionName())
                    .setResults(data).build();
        }
    }

    /** The query vectors of a search: float32 little-endian bytes in a serialised placeholder group. */
    static List<float[]> queryVectors(ByteString placeholderGroup, int dimension) {
        try {
            List<float[]> out = new ArrayList<>();
            for (PlaceholderValue p : PlaceholderGroup.parseFrom(placeholderGroup).getPlaceholdersList()) {
                if (p.getType() != PlaceholderType.FloatVector) {
                    throw new IllegalArgumentException("the double searches float vectors only, got " + p.getType());
                }
                for (ByteString bytes : p.getValuesList()) {
                    if (bytes.size() != dimension * Float.BYTES) {
                        throw new IllegalArgumentException("query vector of " + bytes.size() / Float.BYTES
                                + " dimensions; the collection has " + dimension);
                    }
                    float[] v = new float[dimension];
                    bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                    out.add(v);
                }
            }
            return out;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("bad placeholder group: " + e.getMessage());
        }
    }

    /**
     * Column-wise field data to rows. Nullable columns carry {@code valid_data} and only the valid
     * values (the SDK's encoding), or one value per row; both are read.
     */
    static List<Map<String, Object>> rows(List<FieldData> columns, int numRows, DoubleCollection c) {
        List<Map<String, Object>> rows = new ArrayList<>(numRows);
        for (int i = 0; i < numRows; i++) {
            rows.add(new LinkedHashMap<>());
        }
        for (FieldData column : columns) {
            String name = column.getFieldName();
            if (column.getType() == DataType.FloatVector) {
                long dim = column.getVectors().getDim();
                if (dim != c.dimension) {
                    throw new IllegalArgumentException("vector of dim " + dim + "; the collection has " + c.dimension);
                }
                List<Float> flat = column.getVectors().getFloatVector().getDataList();
                for (int r = 0; r < numRows; r++) {
                    float[] v = new float[c.dimension];
                    for (int d = 0; d < c.dimension; d++) {
                        v[d] = flat.get(r * c.dimension + d);
                    }
                    rows.get(r).put(name, v);
                }
                continue;
            }
            List<?> values = switch (column.getScalars().getDataCase()) {
                case STRING_DATA -> column.getScalars().getStringData().getDataList();
                case DOUBLE_DATA -> column.getScalars().getDoubleData().getDataList();
                case FLOAT_DATA -> column.getScalars().getFloatData().getDataList();
                case LONG_DATA -> column.getScalars().getLongData().getDataList();
                case INT_DATA -> column.getScalars().getIntData().getDataList();
                case DATA_NOT_SET -> List.of();
                default -> throw new IllegalArgumentException("the double stores no " + column.getScalars().getDataCase());
            };
            List<Boolean> valid = column.getValidDataList();
            int next = 0;
            for (int r = 0; r < numRows; r++) {
                boolean present = valid.isEmpty() || valid.get(r);
                Object value = null;
                if (values.size() == numRows) {
                    value = present ? values.get(r) : null;
                } else if (present) {
                    value = values.get(next++);
                }
                if (value != null) {
                    rows.get(r).put(name, value);
                }
            }
        }
        for (Map<String, Object> row : rows) {
            if (!(row.get(c.primaryField) instanceof String) || !(row.get(c.vectorField) instanceof float[])) {
                throw new IllegalArgumentException("row without " + c.primaryField + " or " + c.vectorField);
            }
        }
        return rows;
    }

    private static Map<String, String> params(List<KeyValuePair> pairs) {
        Map<String, String> out = new HashMap<>();
        pairs.forEach(p -> out.put(p.getKey(), p.getValue()));
        return out;
    }

    /** For tests that check the raw bytes a vector takes on the wire. */
    static ByteString littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return ByteString.copyFrom(b.array());
    }
}
