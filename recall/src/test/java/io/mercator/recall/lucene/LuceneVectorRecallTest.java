package io.mercator.recall.lucene;

import io.mercator.recall.VectorRecall;
import io.mercator.recall.VectorRecallContract;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class LuceneVectorRecallTest extends VectorRecallContract {

    @Override
    protected VectorRecall open(int dimension) {
        return new LuceneVectorRecall(dimension);
    }

    @Test
    void zeroVectorsAreNotIndexedAndFindNothing() {
        index(new VectorRecall.Entry("a", at(0)));
        index(new VectorRecall.Entry("a", new float[DIMENSION]), new VectorRecall.Entry("b", at(0.2)));
        assertThat(ids(at(0), 10)).containsExactly("b");
        assertThat(result(recall.nearest(new float[DIMENSION], 10))).isEmpty();
    }
}
