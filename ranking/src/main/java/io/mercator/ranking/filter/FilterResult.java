package io.mercator.ranking.filter;

import io.mercator.ranking.candidate.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a filter kept, in the order given, and what it removed. */
public record FilterResult(List<Candidate> kept, List<Candidate> removed) {

    /** Splits the candidates by the predicate in one pass. */
    public static FilterResult keepIf(List<Candidate> candidates, Predicate<Candidate> keep) {
        List<Candidate> kept = new ArrayList<>(candidates.size());
        List<Candidate> removed = new ArrayList<>();
        for (Candidate c : candidates) {
            (keep.test(c) ? kept : removed).add(c);
        }
        return new FilterResult(kept, removed);
    }
}
