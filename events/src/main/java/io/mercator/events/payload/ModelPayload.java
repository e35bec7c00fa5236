package io.mercator.events.payload;

import java.util.List;

/**
 * Model family: how registered models are released; keyed by the model kind ({@code ranker},
 * {@code fraud}, {@code text}, {@code image}).
 */
public sealed interface ModelPayload extends EventPayload {

    /** The kinds of model that can be released. */
    List<String> KINDS = List.of("ranker", "fraud", "text", "image");

    /** The transitions of a release. */
    List<String> ACTIONS = List.of("shadow_started", "blue_green_started", "switched", "switched_back", "ended",
            "canary_started", "promoted", "rolled_back", "canary_aborted");

    /**
     * One transition of a model release.
     *
     * @param action    what happened, one of {@link #ACTIONS}
     * @param mode      the release's mode after it: {@code none}, {@code shadow}, {@code canary}, {@code blue_green}
     * @param champion  the version serving before the release (blue), if any
     * @param candidate the version being released (green, the shadow or the canary), if any
     * @param live      the version answering requests after the transition
     * @param actor     who did it: an admin key's label, {@code canary-monitor}, {@code retraining}...
     * @param reason    why, in words
     */
    record ReleaseChanged(String action, String mode, String champion, String candidate, String live, String actor,
                          String reason) implements ModelPayload {
    }

    /**
     * A shadow candidate's answer to one request, beside the champion's, never served.
     *
     * @param requestId        the request (or scoring batch) both answered
     * @param champion         the serving version
     * @param candidate        the shadow version
     * @param items            what was scored, in the champion's order (listing ids, labels)
     * @param championScores   the champion's score of each item
     * @param candidateScores  the candidate's score of each item
     * @param rankCorrelation  Spearman's rank correlation of the two score lists; null below two items or when
     *                         either list is constant
     */
    record ShadowScored(String requestId, String champion, String candidate, List<String> items,
                        double[] championScores, double[] candidateScores, Double rankCorrelation)
            implements ModelPayload {

        /** Equal when every field is, the score arrays by their values. */
        @Override
        public boolean equals(Object o) {
            return o instanceof ShadowScored s && java.util.Objects.equals(requestId, s.requestId)
                    && java.util.Objects.equals(champion, s.champion) && java.util.Objects.equals(candidate, s.candidate)
                    && java.util.Objects.equals(items, s.items) && java.util.Arrays.equals(championScores, s.championScores)
                    && java.util.Arrays.equals(candidateScores, s.candidateScores)
                    && java.util.Objects.equals(rankCorrelation, s.rankCorrelation);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(requestId, champion, candidate, items, java.util.Arrays.hashCode(championScores),
                    java.util.Arrays.hashCode(candidateScores), rankCorrelation);
        }

        @Override
        public String toString() {
            return "ShadowScored[requestId=" + requestId + ", champion=" + champion + ", candidate=" + candidate
                    + ", items=" + items + ", championScores=" + java.util.Arrays.toString(championScores)
                    + ", candidateScores=" + java.util.Arrays.toString(candidateScores)
                    + ", rankCorrelation=" + rankCorrelation + "]";
        }
    }
}
