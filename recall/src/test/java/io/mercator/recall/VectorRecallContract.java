package io.mercator.recall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mercator.recall.Await.failure;
import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link VectorRecall} must do (embedded Lucene HNSW, Milvus). Vectors here have
 * {@link #DIMENSION} dimensions; an implementation's test opens an empty index of that size.
 */
public abstract class VectorRecallContract {

    protected static final int DIMENSION = 8;

    protected VectorRecall recall;

    /** A new, empty index for {@link #DIMENSION}-dimensional vectors. */
    protected abstract VectorRecall open(int dimension);

    @BeforeEach
    void openIndex() {
        recall = open(DIMENSION);
    }

    @AfterEach
    void closeIndex() {
        recall.close();
    }

    /** A unit vector at {@code angle} radians in the plane of the first two axes. */
    protected static float[] at(double angle) {
        float[] v = new float[DIMENSION];
        v[0] = (float) Math.cos(angle);
        v[1] = (float) Math.sin(angle);
        return v;
    }

    protected void index(VectorRecall.Entry... entries) {
        result(recall.upsert(List.of(entries)));
        result(recall.refresh());
    }

    protected List<String> ids(float[] query, int limit) {
        return result(recall.nearest(query, limit)).stream().map(RecallHit::listingId).toList();
    }

    @Test
    void nearestComeFirstWithCosineScores() {
        index(new VectorRecall.Entry("far", at(1.5)), new VectorRecall.Entry("near", at(0.1)),
                new VectorRecall.Entry("mid", at(0.7)));
        List<RecallHit> hits = result(recall.nearest(at(0), 3));
        assertThat(hits).extracting(RecallHit::listingId).containsExactly("near", "mid", "far");
        assertThat(hits.get(0).score()).isCloseTo(Math.cos(0.1), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(hits.get(2).score()).isCloseTo(Math.cos(1.5), org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void scoresAreCosinesWhateverTheVectorsLengths() {
        index(new VectorRecall.Entry("far", scaled(at(1.5), 0.2f)), new VectorRecall.Entry("near", scaled(at(0.1), 7f)),
                new VectorRecall.Entry("mid", scaled(at(0.7), 0.05f)));
        List<RecallHit> hits = result(recall.nearest(scaled(at(0), 3f), 3));
        assertThat(hits).extracting(RecallHit::listingId).containsExactly("near", "mid", "far");
        double[] cosines = {Math.cos(0.1), Math.cos(0.7), Math.cos(1.5)};
        for (int i = 0; i < cosines.length; i++) {
            assertThat(hits.get(i).score()).isCloseTo(cosines[i], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    private static float[] scaled(float[] v, float by) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= by;
        }
        return v;
    }

    @Test
    void upsertReplacesTheVector() {
        index(new VectorRecall.Entry("a", at(0)), new VectorRecall.Entry("b", at(0.5)));
        index(new VectorRecall.Entry("a", at(Math.PI)));
        assertThat(ids(at(0), 10)).containsExactly("b", "a");
    }

    @Test
    void deleteRemoves() {
        index(new VectorRecall.Entry("a", at(0)), new VectorRecall.Entry("b", at(0.5)));
        result(recall.delete(List.of("a", "unknown")));
        result(recall.refresh());
        assertThat(ids(at(0), 10)).containsExactly("b");
    }

    @Test
    void limitIsRespected() {
        List<VectorRecall.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(new VectorRecall.Entry("L-" + i, at(i * 0.03)));
        }
        result(recall.upsert(entries));
        result(recall.refresh());
        assertThat(ids(at(0), 5)).containsExactly("L-0", "L-1", "L-2", "L-3", "L-4");
        assertThat(ids(at(0), 200)).hasSize(50);
    }

    @Test
    void wrongDimensionFailsWithClearMessage() {
        Throwable onSearch = failure(recall.nearest(new float[DIMENSION + 3], 5));
        assertThat(onSearch).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(DIMENSION + 3)).hasMessageContaining(Integer.toString(DIMENSION));
        Throwable onUpsert = failure(recall.upsert(List.of(new VectorRecall.Entry("x", new float[2]))));
        assertThat(onUpsert).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 dimensions");
    }
}
