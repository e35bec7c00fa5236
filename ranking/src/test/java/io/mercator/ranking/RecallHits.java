package io.mercator.ranking;

import io.mercator.recall.RecallHit;

import java.util.ArrayList;
import java.util.List;

/** Hits with decreasing scores, best first. */
final class RecallHits {

    private RecallHits() {
    }

    static List<RecallHit> of(String... ids) {
        List<RecallHit> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            out.add(new RecallHit(ids[i], 1.0 - i * 0.001));
        }
        return out;
    }
}
