package io.mercator.vision.category;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The head's training and its "other" rule, on features drawn around three well-separated centres. */
class CategoryHeadTest {

    private static List<CategoryHeadTrainer.Example> draw(Random r, int perClass) {
        List<CategoryHeadTrainer.Example> out = new ArrayList<>();
        String[] labels = {"hat", "pants", "shoes"};
        for (int k = 0; k < labels.length; k++) {
            for (int i = 0; i < perClass; i++) {
                float[] f = new float[12];
                for (int d = 0; d < f.length; d++) {
                    f[d] = (float) (r.nextGaussian() * 0.5 + (d % 3 == k ? 3 : 0));
                }
                out.add(new CategoryHeadTrainer.Example(labels[k], f));
            }
        }
        return out;
    }

    @Test
    void learnsSeparableClassesAndCallsAnUndecidedPhotoOther() {
        Random r = new Random(5);
        CategoryHeadTrainer.Trained trained = CategoryHeadTrainer.train(draw(r, 60), draw(r, 20));
        CategoryHead head = trained.head();
        assertThat(CategoryHeadTrainer.accuracy(head, draw(r, 30), false)).isGreaterThan(0.95);
        float[] shoes = new float[12];
        for (int d = 2; d < 12; d += 3) {
            shoes[d] = 3;
        }
        assertThat(head.predict(shoes).label()).isEqualTo("shoes");
        assertThat(head.predict(shoes).top()).hasSize(3);
        // halfway between two classes: no class is likely enough to name
        float[] between = new float[12];
        for (int d = 0; d < 12; d += 3) {
            between[d] = 1.5f;
            between[d + 1] = 1.5f;
        }
        CategoryHead.Prediction p = head.predict(between);
        assertThat(p.top().getFirst().score()).isLessThan(head.minProbability());
        assertThat(p.label()).isEqualTo(CategoryHead.OTHER);
        // probabilities are a distribution
        assertThat(p.top().stream().mapToDouble(CategoryHead.Scored::score).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
