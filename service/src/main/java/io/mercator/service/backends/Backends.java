package io.mercator.service.backends;

import io.mercator.events.log.EventLog;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The four ports one Mercator runs on, each opened from its {@code backend} setting: event log
 * (embedded | kafka), online store (in_process | redis), keyword recall (lucene | elasticsearch),
 * vector recall (lucene | milvus). The embedded ones are the defaults. Closing closes all four.
 */
public record Backends(EventLog log, StoreBackend store, KeywordRecall keyword, VectorRecall vector)
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    /**
     * Opens every port at once; fails (closing what did open) when one cannot be opened. The online
     * store connects lazily, so Mercator starts while Redis is down; the log and the recall
     * backends must answer at start, since the projections and indexes are created then.
     *
     * @param analyzer  shared by keyword recall and the embedder, so both see the same terms
     * @param dimension the text embedder's dimension, for the vector index
     */
    public static Future<Backends> open(Vertx vertx, MercatorConfig config, MarketplaceAnalyzer analyzer,
                                        int dimension) {
        StoreBackend store;
        try {
            store = StoreBackend.open(vertx, config.store());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<EventLog> log = EventLogs.open(vertx, config);
        Future<KeywordRecall> keyword = KeywordRecalls.open(config.keywordRecall(), analyzer);
        Future<VectorRecall> vector = VectorRecalls.open(config.vectorRecall(), dimension);
        return Future.join(log, keyword, vector).transform(ar -> {
            if (ar.succeeded()) {
                LOG.info("backends opened", kv("log", config.log().backend()), kv("store", config.store().backend()),
                        kv("keywordRecall", config.keywordRecall().backend()),
                        kv("vectorRecall", config.vectorRecall().backend()));
                return Future.succeededFuture(new Backends(log.result(), store, keyword.result(), vector.result()));
            }
            List<AutoCloseable> opened = new ArrayList<>(List.of(store));
            for (Future<? extends AutoCloseable> f : List.of(log, keyword, vector)) {
                if (f.succeeded()) {
                    opened.add(f.result());
                }
            }
            opened.forEach(Backends::closeQuietly);
            Throwable cause = firstFailure(log, keyword, vector);
            return Future.failedFuture(cause);
        });
    }

    private static Throwable firstFailure(Future<?>... futures) {
        for (Future<?> f : futures) {
            if (f.failed()) {
                return f.cause();
            }
        }
        return new IllegalStateException("a backend failed to open");
    }

    /** Closes the ports: recall first (nothing reads them once HTTP is gone), the log last. */
    @Override
    public void close() {
        closeQuietly(keyword);
        closeQuietly(vector);
        closeQuietly(store);
        closeQuietly(log);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("backend did not close cleanly", kv("backend", c.getClass().getSimpleName()),
                    kv("error", e.toString()));
        }
    }
}
