package io.mercator.recall.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThaiSegmentationTest {

    /**
     * Measured F1 of the marketplace segmenter on wisesight-1000 was 0.8890 (JDK dictionary alone:
     * 0.8806); the floor leaves 0.01 for JDK dictionary differences between runtimes.
     */
    private static final double F1_FLOOR = 0.8890 - 0.01;

    @Test
    void marketplaceSegmenterStaysAboveTheMeasuredFloorAndBeatsThePlainJdk() {
        List<String> gold = WisesightGold.lines().orElse(null);
        assumeTrue(gold != null, "shared data folder not found");
        BoundaryScore marketplace = BoundaryScore.of(gold, new WordSegmenter(WordSegmenter.Variant.MARKETPLACE));
        BoundaryScore jdk = BoundaryScore.of(gold, new WordSegmenter(WordSegmenter.Variant.JDK_DICTIONARY));
        assertThat(marketplace.f1()).isGreaterThan(F1_FLOOR);
        assertThat(marketplace.f1()).isGreaterThan(jdk.f1());
    }

    @Test
    void boundaryScoreCountsOffsets() {
        // gold ab|cd: one boundary at 2; a segmenter that keeps "abcd" whole finds none
        BoundaryScore whole = BoundaryScore.of(List.of("ab|cd"), new WordSegmenter(WordSegmenter.Variant.JDK_DICTIONARY));
        assertThat(whole.falseNegatives()).isEqualTo(1);
        assertThat(whole.truePositives()).isZero();
    }
}
