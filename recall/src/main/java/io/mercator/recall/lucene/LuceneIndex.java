package io.mercator.recall.lucene;

import io.vertx.core.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.MMapDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A throw-away Lucene index with a near-real-time searcher: the part both recall implementations
 * share. The index is a projection of the event log, rebuilt on start, so nothing is committed;
 * searches see what the writer had flushed at the last {@link #refresh()}.
 *
 * <p>Its files live in a private temporary folder, deleted on close, opened with
 * {@link MMapDirectory}: HNSW search then scores vectors straight from mapped memory, where the
 * on-heap {@code ByteBuffersDirectory} copied every vector it compared (measured as the largest
 * single cost of /feed under load).
 *
 * <p>Thread-safety: {@link IndexWriter} accepts concurrent writes, {@link SearcherManager} hands
 * each search a reference-counted searcher, so searches run while the projection thread writes.
 */
final class LuceneIndex implements AutoCloseable {

    private final Path folder;
    private final MMapDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** @param analyzer for text fields, null when the index has none; @param codec null for Lucene's default */
    LuceneIndex(Analyzer analyzer, Codec codec) {
        try {
            folder = Files.createTempDirectory("mercator-lucene-");
            directory = new MMapDirectory(folder);
            IndexWriterConfig config = (analyzer == null ? new IndexWriterConfig() : new IndexWriterConfig(analyzer))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    // the whole projection replays at start; a large buffer makes fewer, larger segments
                    .setRAMBufferSizeMB(128);
            if (codec != null) {
                config.setCodec(codec);
            }
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Index work that may throw; see {@link #attempt}. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs index work synchronously as a port call: a succeeded future, or a failed one with its exception. */
    static Future<Void> attempt(Action action) {
        try {
            action.run();
            return Future.succeededFuture();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    IndexWriter writer() {
        return writer;
    }

    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Merges every segment into one, then makes the result searchable; blocking. */
    void forceMergeToOne() throws IOException {
        writer.forceMerge(1);
        searchers.maybeRefreshBlocking();
    }

    /** Segments the current searcher sees; for metrics and tests. */
    int segments() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().leaves().size();
        } finally {
            searchers.release(s);
        }
    }

    IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback(); // nothing to keep: the index is rebuilt from the log on start
            directory.close();
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
