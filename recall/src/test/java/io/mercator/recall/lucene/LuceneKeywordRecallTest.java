package io.mercator.recall.lucene;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.KeywordRecallContract;
import io.mercator.recall.ListingDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class LuceneKeywordRecallTest extends KeywordRecallContract {

    @Override
    protected KeywordRecall open() {
        return new LuceneKeywordRecall();
    }

    @Test
    void misspelledElongationAndModelNumbersMatch() {
        index(doc("L-1", "iPhone13 Pro", ""), doc("L-2", "ขายถูกมากกกก", ""));
        assertThat(ids("iphone 13", 10)).containsExactly("L-1");
        assertThat(ids("ถูกมาก", 10)).containsExactly("L-2");
    }

    @Test
    void searchesRunWhileAnotherThreadWrites() throws Exception {
        index(doc("base", "camera", ""));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    result(recall.upsert(List.of(doc("w-" + i, "camera lens " + i, ""))));
                    if (i % 20 == 0) {
                        result(recall.refresh());
                    }
                }
                writing.set(false);
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int searches = 0;
                    while (writing.get() || searches == 0) {
                        assertThat(ids("camera", 1000)).contains("base");
                        searches++;
                    }
                    return searches;
                }));
            }
            writer.get();
            for (Future<Integer> r : readers) {
                assertThat(r.get()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        result(recall.refresh());
        assertThat(ids("camera", 1000)).hasSize(301);
    }

    @Test
    void aHugeLimitIsCappedAtOneThousand() {
        List<ListingDocument> docs = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            docs.add(doc("L-" + i, "guitar", ""));
        }
        result(recall.upsert(docs));
        result(recall.refresh());
        assertThat(ids("guitar", 5000)).hasSize(LuceneKeywordRecall.MAX_HITS);
    }
}
