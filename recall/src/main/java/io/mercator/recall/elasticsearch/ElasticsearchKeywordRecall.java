package io.mercator.recall.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.vertx.core.Future;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keyword recall on Elasticsearch 8.19: BM25 over the title (boosted) and the description, with
 * the same terms the embedded {@code LuceneKeywordRecall} sees.
 *
 * <p>Why the analysis happens here and not in Elasticsearch: the distributions we run have no Thai
 * analyzer, and even where one exists it would cut Thai differently from {@link MarketplaceAnalyzer}
 * (brand dictionary, elongation folding, digit handling). So titles and descriptions are analysed in
 * Java, the terms are joined with spaces and indexed into {@code whitespace}-analysed fields; a query
 * is analysed the same way and becomes a {@code bool} of {@code should} {@code match} clauses, one per
 * distinct term and field (title boosted by {@link #TITLE_BOOST}). Nothing is ever handed to a query
 * parser, so no user input is a syntax error. With one shard, Elasticsearch's BM25 statistics are the
 * ones Lucene computes for the embedded twin, and scores are brought to Lucene's scale (see
 * {@link #BM25_K1}). One known difference: the analyzer stacks the parts of a letter-digit compound
 * on the compound's position ({@code iphone13} also as {@code iphone}, {@code 13}); space-joined text
 * gives each part a position of its own, so such a field is longer in Elasticsearch and its BM25 a
 * little lower. The terms, hence what matches, are the same.
 *
 * <p>Writes go through {@code _bulk}; they are visible after {@link #refresh()} ({@code _refresh}) or
 * the index's own refresh interval. {@link #open} creates the index with its mapping when missing and
 * uses an existing one as it is.
 *
 * <p>Faults: every call is bounded by {@link Options#requestTimeout()} (socket timeout and a hard
 * deadline on the future); with the node down, futures fail fast with the connection error. The
 * underlying REST client keeps retrying dead hosts on later calls, so recall resumes without a
 * restart once the node is back. Futures complete on the HTTP client's I/O threads.
 */
public final class ElasticsearchKeywordRecall implements KeywordRecall {

    /** Most hits one search returns, whatever the limit asked (as the embedded twin). */
    public static final int MAX_HITS = 1_000;
    /** A title match weighs this many description matches (as the embedded twin). */
    public static final float TITLE_BOOST = 2.0f;
    /** Terms beyond this are ignored (as the embedded twin). */
    public static final int MAX_QUERY_TERMS = 32;
    /**
     * BM25's k1 in the indexes {@link #open} creates (Elasticsearch's default). Elasticsearch keeps the
     * legacy BM25 formula, whose scores are Lucene's multiplied by (k1 + 1); hits are divided by it so
     * that scores from both keyword backends are on one scale.
     */
    static final double BM25_K1 = 1.2;

    static final String TITLE = "title";
    static final String DESCRIPTION = "description";

    /**
     * Where and how to reach Elasticsearch; built from configuration, never from code constants.
     *
     * @param hosts          node URLs, e.g. {@code http://127.0.0.1:9200}; at least one
     * @param index          the listings index, created with the mapping on {@link #open} if missing
     * @param replicas       replicas for a newly created index (0 on a single node)
     * @param connectTimeout bound on opening a connection (and on leasing one from the pool)
     * @param requestTimeout bound on a whole call, from sending to the parsed answer
     * @param credentials    null for an unsecured cluster
     */
    public record Options(List<String> hosts, String index, int replicas, Duration connectTimeout,
                          Duration requestTimeout, Credentials credentials) {

        public Options {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("at least one Elasticsearch host is needed");
            }
            if (index == null || index.isBlank() || !index.equals(index.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("index name must be non-blank lower case, got " + index);
            }
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must not be negative");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        /** One unsecured node, no replicas, 1 s to connect and 5 s per call: tests and local runs. */
        public static Options local(String url, String index) {
            return new Options(List.of(url), index, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), null);
        }

        public Options withTimeouts(Duration connect, Duration request) {
            return new Options(hosts, index, replicas, connect, request, credentials);
        }
    }

    /**
     * Either a user and password (HTTP basic) or an API key; {@link #toString()} never shows the secret.
     *
     * @param username null when {@code apiKey} is set
     * @param password the user's password
     * @param apiKey   the base64 {@code id:key} Elasticsearch issues, or null
     */
    public record Credentials(String username, String password, String apiKey) {

        public static Credentials basic(String username, String password) {
            return new Credentials(username, password, null);
        }

        public static Credentials apiKey(String encodedKey) {
            return new Credentials(null, null, encodedKey);
        }

        String authorization() {
            if (apiKey != null) {
                return "ApiKey " + apiKey;
            }
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return apiKey != null ? "Credentials[apiKey=***]" : "Credentials[username=" + username + ", password=***]";
        }
    }

    private final Options options;
    private final MarketplaceAnalyzer analyzer;
    private final RestClient restClient;
    private final ElasticsearchAsyncClient client;

    private ElasticsearchKeywordRecall(Options options, MarketplaceAnalyzer analyzer) {
        this.options = options;
        this.analyzer = analyzer;
        this.restClient = restClient(options);
        this.client = new ElasticsearchAsyncClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    /**
     * Connects and creates the index with its mapping if it does not exist yet.
     *
     * @param analyzer the analyzer shared with the embedder and the embedded twin
     */
    public static Future<ElasticsearchKeywordRecall> open(Options options, MarketplaceAnalyzer analyzer) {
        ElasticsearchKeywordRecall recall = new ElasticsearchKeywordRecall(options, analyzer);
        return recall.ensureIndex().map(v -> recall).onFailure(e -> recall.close());
    }

    public static Future<ElasticsearchKeywordRecall> open(Options options) {
        return open(options, new MarketplaceAnalyzer());
    }

    public Options options() {
        return options;
    }

    private Future<Void> ensureIndex() {
        return bounded(client.indices().exists(e -> e.index(options.index()))).compose(exists -> {
            if (exists.value()) {
                return Future.succeededFuture();
            }
            Future<Void> created = bounded(client.indices().create(c -> c.index(options.index())
                    .settings(s -> s.numberOfShards("1").numberOfReplicas(Integer.toString(options.replicas())))
                    .mappings(m -> m.dynamic(DynamicMapping.Strict)
                            .properties(TITLE, p -> p.text(t -> t.analyzer("whitespace")))
                            .properties(DESCRIPTION, p -> p.text(t -> t.analyzer("whitespace")))
                            .properties("category", p -> p.keyword(k -> k))
                            .properties("seller_id", p -> p.keyword(k -> k))
                            .properties("location", p -> p.geoPoint(g -> g))
                            .properties("price", p -> p.double_(d -> d))))).mapEmpty();
            // another instance may have created it between our check and our create
            return created.recover(e -> alreadyExists(e) ? Future.succeededFuture() : Future.failedFuture(e));
        });
    }

    private static boolean alreadyExists(Throwable e) {
        return e instanceof ElasticsearchException ee && "resource_already_exists_exception".equals(ee.error().type());
    }

    @Override
    public Future<Void> upsert(List<ListingDocument> documents) {
        if (documents.isEmpty()) {
            return Future.succeededFuture(); // an empty _bulk is a 400
        }
        try {
            BulkRequest.Builder bulk = new BulkRequest.Builder().index(options.index());
            for (ListingDocument d : documents) {
                Map<String, Object> source = Map.of(
                        TITLE, analysed(d.title()),
                        DESCRIPTION, analysed(d.description()),
                        "category", nullToEmpty(d.category()),
                        "seller_id", nullToEmpty(d.sellerId()),
                        "location", Map.of("lat", d.lat(), "lon", d.lon()),
                        "price", d.price());
                bulk.operations(op -> op.index(i -> i.id(d.listingId()).document(source)));
            }
            return bulk(bulk.build());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        if (listingIds.isEmpty()) {
            return Future.succeededFuture();
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(options.index());
        for (String id : listingIds) {
            bulk.operations(op -> op.delete(d -> d.id(id)));
        }
        return bulk(bulk.build());
    }

    private Future<Void> bulk(BulkRequest request) {
        return bounded(client.bulk(request)).compose(ElasticsearchKeywordRecall::checkItems);
    }

    /** A bulk call succeeds as a whole even when items fail; a delete of an absent id is no failure. */
    private static Future<Void> checkItems(BulkResponse response) {
        if (!response.errors()) {
            return Future.succeededFuture();
        }
        List<String> failures = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null) {
                failures.add(item.id() + ": " + item.error().type() + " " + item.error().reason());
            }
        }
        return Future.failedFuture(new IllegalStateException(failures.size() + " of " + response.items().size()
                + " bulk items failed, first: " + failures.getFirst()));
    }

    @Override
    public Future<Void> refresh() {
        return bounded(client.indices().refresh(r -> r.index(options.index()))).mapEmpty();
    }

    @Override
    public Future<List<RecallHit>> search(String queryText, int limit) {
        try {
            Query query = query(queryText);
            if (query == null || limit <= 0) {
                return Future.succeededFuture(List.of());
            }
            return bounded(client.search(s -> s.index(options.index())
                            .query(query)
                            .size(Math.min(limit, MAX_HITS))
                            .source(src -> src.fetch(false))
                            .trackTotalHits(t -> t.enabled(false)), Void.class))
                    .map(r -> r.hits().hits().stream().map(ElasticsearchKeywordRecall::toHit).toList());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static RecallHit toHit(Hit<Void> hit) {
        return new RecallHit(hit.id(), hit.score() == null ? 0 : hit.score() / (1 + BM25_K1));
    }

    /** The query for a text, or null when the text has no searchable term. */
    Query query(String queryText) {
        Set<String> terms = new LinkedHashSet<>(analyzer.terms(queryText));
        if (terms.isEmpty()) {
            return null;
        }
        List<Query> should = new ArrayList<>();
        for (String t : terms.stream().limit(MAX_QUERY_TERMS).toList()) {
            should.add(Query.of(q -> q.match(m -> m.field(TITLE).query(t).boost(TITLE_BOOST))));
            should.add(Query.of(q -> q.match(m -> m.field(DESCRIPTION).query(t))));
        }
        return Query.of(q -> q.bool(b -> b.should(should)));
    }

    /** The text as the index stores it: analysed terms joined by spaces, for the whitespace analyzer. */
    String analysed(String text) {
        return String.join(" ", analyzer.terms(text));
    }

    /**
     * A hard deadline on top of the socket timeout: a node that accepts connections but never answers
     * (paused, overloaded) must not hold a ranking request.
     */
    private <T> Future<T> bounded(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture().orTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return Future.fromCompletionStage(f.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                cause = new TimeoutException("Elasticsearch did not answer within " + options.requestTimeout());
            }
            return CompletableFuture.failedFuture(cause);
        }));
    }

    private static RestClient restClient(Options options) {
        HttpHost[] hosts = options.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        int connectMs = Math.toIntExact(options.connectTimeout().toMillis());
        int socketMs = Math.toIntExact(options.requestTimeout().toMillis());
        var builder = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(connectMs).setSocketTimeout(socketMs)
                        .setConnectionRequestTimeout(connectMs));
        if (options.credentials() != null) {
            builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", options.credentials().authorization())});
        }
        return builder.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
