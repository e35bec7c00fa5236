package io.mercator.service.backends;

import io.mercator.recall.VectorRecall;
import io.mercator.recall.lucene.LuceneVectorRecall;
import io.mercator.recall.milvus.MilvusVectorRecall;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Future;

import java.time.Duration;

/** Opens the vector recall the configuration names: embedded Lucene HNSW or Milvus. */
public final class VectorRecalls {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Bound on collection creation and loading, and on the projection's batch writes. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private VectorRecalls() {
    }

    /** @param dimension the embedder's dimension; Milvus checks an existing collection against it */
    public static Future<VectorRecall> open(MercatorConfig.VectorRecall config, int dimension) {
        return switch (config.backend()) {
            case LUCENE -> Future.succeededFuture(new LuceneVectorRecall(dimension));
            // the writing client opens first: it creates and loads the collection, slower than a search may be
            case MILVUS -> MilvusVectorRecall.open(options(config.milvus(), WRITE_TIMEOUT), dimension)
                    .compose(writes -> MilvusVectorRecall.open(options(config.milvus(),
                                    Duration.ofMillis(config.milvus().timeoutMs())), dimension)
                            .<VectorRecall>map(searches -> new SplitVectorRecall(searches, writes))
                            .onFailure(e -> writes.close()));
        };
    }

    static MilvusVectorRecall.Options options(MercatorConfig.Milvus m, Duration requestTimeout) {
        MilvusVectorRecall.Options local = MilvusVectorRecall.Options.local(m.uri(), m.collection());
        boolean token = m.token() != null && !m.token().isBlank();
        return new MilvusVectorRecall.Options(local.uri(), token ? MilvusVectorRecall.Credentials.token(m.token()) : null,
                local.database(), local.collection(), local.consistency(), CONNECT_TIMEOUT, requestTimeout,
                local.threads());
    }
}
