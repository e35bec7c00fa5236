package io.mercator.learning.registry;

import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.TrainingSetProjection;

import java.time.Clock;
import java.util.Optional;

/**
 * One run of the learning loop: train a candidate on the training set minus its last day, judge it
 * on that day against production with the {@link ModelGate}, and register it in the stage the
 * gate decides (production for the first model, staging when it wins, archived when it loses, so
 * the registry shows every attempt). Blocking and CPU-heavy: run it on a worker.
 *
 * <p>The candidate's data ends an attribution window (one hour) before the held-out day, as a model
 * trained at the start of that day would have had to: the last hour's labels were not known yet.
 */
public final class CandidateTraining {

    public static final long HOLDOUT_MS = 86_400_000L;

    private final ModelRegistry registry;
    private final ModelTrainer trainer;
    private final ModelGate gate;
    private final Clock clock;

    public CandidateTraining(ModelRegistry registry, ModelTrainer trainer, ModelGate gate, Clock clock) {
        this.registry = registry;
        this.trainer = trainer;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * The result of a run.
     *
     * @param registered the candidate as registered
     * @param decision   the gate's decision
     */
    public record Outcome(RegisteredModel registered, GateDecision decision) {
    }

    /**
     * Trains, evaluates and registers.
     *
     * @param set      the whole training set (rows of the log so far)
     * @param actor    who asked: recorded on the history
     * @param trigger  why, in words: recorded on the history
     * @param production the production models to compare with, if any (already loaded by the caller)
     */
    public Outcome run(TrainingSet set, String actor, String trigger, Optional<? extends ClickModels> production) {
        return run(set, actor, trigger, production, trainer, ModelTrainer.Listener.NONE);
    }

    /**
     * As {@link #run(TrainingSet, String, String, Optional)}, with another trainer (other
     * parameters) and a listener for its progress: what {@code mercator train} runs.
     */
    public Outcome run(TrainingSet set, String actor, String trigger, Optional<? extends ClickModels> production,
                       ModelTrainer trainer, ModelTrainer.Listener listener) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        long end = Long.MIN_VALUE;
        for (int i = 0; i < set.size(); i++) {
            end = Math.max(end, set.ts(i));
        }
        end += 1;
        long holdoutStart = end - HOLDOUT_MS;
        long trainEnd = holdoutStart - TrainingSetProjection.ATTRIBUTION_WINDOW_MS;
        boolean inSample = !hasRowsBefore(set, trainEnd);
        // a log shorter than the held-out day leaves nothing to train on: train on it all, and say the
        // evaluation is in-sample (optimistic) rather than refuse to serve a model at all
        try (TrainedModels candidate = inSample ? trainer.train(set, listener) : trainer.train(set, trainEnd, listener)) {
            GateEvaluation evaluation = gate.evaluate(set, holdoutStart, end, candidate.models(), production);
            GateDecision decision = gate.decide(evaluation);
            long from = candidate.metadata().windowStartMillis();
            long until = candidate.metadata().windowEndMillis();
            ModelCard card = ModelCard.of(candidate.metadata(), clock.millis(), TrainingDataHash.of(set, from, until),
                    evaluation, FeatureBins.fromTraining(set, from, until));
            RegisteredModel registered = registry.register(candidate, card, decision.stage(), actor,
                    trigger + "; " + decision.reason() + (inSample ? " (in-sample: the log spans less than the held-out day)" : ""));
            return new Outcome(registered, decision);
        }
    }

    private static boolean hasRowsBefore(TrainingSet set, long end) {
        for (int i = 0; i < set.size(); i++) {
            if (set.ts(i) < end) {
                return true;
            }
        }
        return false;
    }
}
