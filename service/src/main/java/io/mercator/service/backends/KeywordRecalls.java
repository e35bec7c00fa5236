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

    private KeywordRecalls() {
    }

    /** @param analyzer the analyzer the embedder uses too, so both recalls see the same terms */
    public static Future<KeywordRecall> open(MercatorConfig.KeywordRecall config, MarketplaceAnalyzer analyzer) {
        return switch (config.backend()) {
            case LUCENE -> Future.succeededFuture(new LuceneKeywordRecall(analyzer));
            case ELASTICSEARCH -> ElasticsearchKeywordRecall.open(options(config.elasticsearch()), analyzer)
                    .map(r -> (KeywordRecall) r);
        };
    }

    static ElasticsearchKeywordRecall.Options options(MercatorConfig.Elasticsearch es) {
        boolean secured = es.username() != null && !es.username().isBlank();
        return new ElasticsearchKeywordRecall.Options(es.hosts(), es.index(), 0, CONNECT_TIMEOUT,
                Duration.ofMillis(es.timeoutMs()),
                secured ? ElasticsearchKeywordRecall.Credentials.basic(es.username(), es.password()) : null);
    }
}
