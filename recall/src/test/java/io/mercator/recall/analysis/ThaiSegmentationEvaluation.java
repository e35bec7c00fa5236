package io.mercator.recall.analysis;

import java.util.List;

/**
 * Prints word-boundary precision, recall and F1 of each segmenter variant on wisesight-1000.
 * Run: {@code java -Dmercator.shared.dir=<repo>/../shared -cp <test classpath>
 * io.mercator.recall.analysis.ThaiSegmentationEvaluation}.
 */
public final class ThaiSegmentationEvaluation {

    private ThaiSegmentationEvaluation() {
    }

    public static void main(String[] args) {
        List<String> gold = WisesightGold.lines().orElseThrow(() -> new IllegalStateException(
                "no " + WisesightGold.RELATIVE + " under -Dmercator.shared.dir"));
        System.out.printf("wisesight-1000 (%d lines), word boundaries as character offsets%n", gold.size());
        for (WordSegmenter.Variant v : WordSegmenter.Variant.values()) {
            BoundaryScore s = BoundaryScore.of(gold, new WordSegmenter(v));
            System.out.printf("%-15s P=%.4f R=%.4f F1=%.4f (tp=%d fp=%d fn=%d)%n", v, s.precision(), s.recall(),
                    s.f1(), s.truePositives(), s.falsePositives(), s.falseNegatives());
        }
    }
}
