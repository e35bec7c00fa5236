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

    private VectorRecalls() {
    }

    /** @param dimension the embedder's dimension; Milvus checks an existing collection against it */
    public static Future<VectorRecall> open(MercatorConfig.VectorRecall config, int dimension) {
        return switch (config.backend()) {
            case LUCENE -> Future.succeededFuture(new LuceneVectorRecall(dimension));
            case MILVUS -> MilvusVectorRecall.open(options(config.milvus()), dimension).map(r -> (VectorRecall) r);
        };
    }

    static MilvusVectorRecall.Options options(MercatorConfig.Milvus m) {
        MilvusVectorRecall.Options local = MilvusVectorRecall.Options.local(m.uri(), m.collection());
        boolean token = m.token() != null && !m.token().isBlank();
        return new MilvusVectorRecall.Options(local.uri(), token ? MilvusVectorRecall.Credentials.token(m.token()) : null,
                local.database(), local.collection(), local.consistency(), CONNECT_TIMEOUT,
                Duration.ofMillis(m.timeoutMs()), local.threads());
    }
}
