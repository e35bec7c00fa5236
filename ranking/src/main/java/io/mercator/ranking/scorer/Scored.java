package io.mercator.ranking.scorer;

import io.mercator.ranking.candidate.Candidate;

import java.util.List;

/**
 * Scored candidates, still in recall order (selectors order them).
 *
 * @param candidates   with {@code score} set, and pCTR/pCVR when a model scored them
 * @param modelVersion what scored them: the models' version or {@code popularity}
 */
public record Scored(List<Candidate> candidates, String modelVersion) {
}
