package io.mercator.service.backends;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.elasticsearch.ElasticsearchKeywordRecall;
import io.mercator.recall.lucene.LuceneKeywordRecall;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Future;

import java.time.Duration;

/** Opens the keyword recall the configuration names: embedded Lucene BM25 or Elasticsearch. */
public final class KeywordRecalls {

    /** Opening a connection is bounded apart from the per-call budget, which is for the request path. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Bound on index creation and on the projection's bulk writes and refreshes. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private KeywordRecalls() {
    }

    /** @param analyzer the analyzer the embedder uses too, so both recalls see the same terms */
    public static Future<KeywordRecall> open(MercatorConfig.KeywordRecall config, MarketplaceAnalyzer analyzer) {
        return switch (config.backend()) {
            case LUCENE -> Future.succeededFuture(new LuceneKeywordRecall(analyzer));
            // the writing client opens first: it creates the index, which takes longer than a search may
            case ELASTICSEARCH -> ElasticsearchKeywordRecall.open(options(config.elasticsearch(), WRITE_TIMEOUT), analyzer)
                    .compose(writes -> ElasticsearchKeywordRecall.open(options(config.elasticsearch(),
                                    Duration.ofMillis(config.elasticsearch().timeoutMs())), analyzer)
                            .<KeywordRecall>map(searches -> new SplitKeywordRecall(searches, writes))
                            .onFailure(e -> writes.close()));
        };
    }

    static ElasticsearchKeywordRecall.Options options(MercatorConfig.Elasticsearch es, Duration requestTimeout) {
        boolean secured = es.username() != null && !es.username().isBlank();
        return new ElasticsearchKeywordRecall.Options(es.hosts(), es.index(), 0, CONNECT_TIMEOUT, requestTimeout,
                secured ? ElasticsearchKeywordRecall.Credentials.basic(es.username(), es.password()) : null);
    }
}
