package io.mercator.recall.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Word-boundary precision, recall and F1 of a segmenter against gold segmentations.
 *
 * <p>A boundary is a character offset strictly inside the text where a word starts or ends. Gold
 * words are separated by {@code |} (spaces and punctuation are gold words too, so both sides of a
 * space are boundaries); predicted boundaries are the start and end offsets of the segmenter's
 * words. Punctuation and emoji the segmenter drops still count as gold boundaries it may miss.
 */
record BoundaryScore(long truePositives, long falsePositives, long falseNegatives) {

    static BoundaryScore of(List<String> goldLines, WordSegmenter segmenter) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (String line : goldLines) {
            String text = line.replace("|", "");
            if (text.isEmpty()) {
                continue;
            }
            Set<Integer> gold = new HashSet<>();
            int offset = 0;
            for (String word : line.split("\\|", -1)) {
                offset += word.length();
                if (offset > 0 && offset < text.length()) {
                    gold.add(offset);
                }
            }
            Set<Integer> predicted = new HashSet<>();
            for (WordSegmenter.Word w : segmenter.words(text)) {
                for (int b : new int[]{w.start(), w.end()}) {
                    if (b > 0 && b < text.length()) {
                        predicted.add(b);
                    }
                }
            }
            for (int b : predicted) {
                if (gold.contains(b)) {
                    tp++;
                } else {
                    fp++;
                }
            }
            for (int b : gold) {
                if (!predicted.contains(b)) {
                    fn++;
                }
            }
        }
        return new BoundaryScore(tp, fp, fn);
    }

    double precision() {
        return truePositives / (double) (truePositives + falsePositives);
    }

    double recall() {
        return truePositives / (double) (truePositives + falseNegatives);
    }

    double f1() {
        double p = precision();
        double r = recall();
        return 2 * p * r / (p + r);
    }
}
