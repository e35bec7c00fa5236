package io.mercator.learning.registry;

/** What the {@link ModelGate} says about a candidate; the registry stage follows from it. */
public sealed interface GateDecision {

    /** The figures the decision was made on. */
    GateEvaluation evaluation();

    /** The stage the candidate is registered in. */
    Stage stage();

    /** Why, in words: kept on the registry history. */
    String reason();

    /** No production model exists: the first model serves everyone. */
    record FirstModel(GateEvaluation evaluation) implements GateDecision {
        @Override
        public Stage stage() {
            return Stage.PRODUCTION;
        }

        @Override
        public String reason() {
            return "first model: no production model to compare with";
        }
    }

    /** The candidate beat production by the margin: it becomes the canary. */
    record Staged(GateEvaluation evaluation, double margin) implements GateDecision {
        @Override
        public Stage stage() {
            return Stage.STAGING;
        }

        @Override
        public String reason() {
            return String.format(java.util.Locale.ROOT, "NDCG@%d %.4f beats production %.4f by at least %.4f",
                    evaluation.k(), evaluation.candidate(), evaluation.production(), margin);
        }
    }

    /** The candidate did not beat production by the margin (or there was too little to judge): archived. */
    record Rejected(GateEvaluation evaluation, String reason) implements GateDecision {
        @Override
        public Stage stage() {
            return Stage.ARCHIVED;
        }
    }
}
