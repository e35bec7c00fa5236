package io.mercator.service.lifecycle;

import io.mercator.events.projection.ProjectionRunner;
import io.mercator.learning.lifecycle.CanaryAssignment;
import io.mercator.learning.lifecycle.CanaryJudge;
import io.mercator.learning.lifecycle.CanaryRouter;
import io.mercator.learning.lifecycle.InteractionMonitor;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.learning.lifecycle.ServedFeatureWindow;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.RankingEvaluation;
import io.mercator.learning.RankingFeatures;
import io.mercator.learning.ScoreFormula;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.learning.registry.FileModelRegistry;
import io.mercator.learning.registry.ModelGate;
import io.mercator.learning.registry.RetrainingTrigger;
import io.mercator.service.config.MercatorConfig;

import java.time.Clock;

/** Builds the learning loop's parts from the configuration: wiring only. */
public final class ModelLifecycles {

    /**
     * How the {@link InteractionMonitor} is run: the defaults but for a de-duplication window of
     * 200k ids (redelivery repeats recent batches only; the default 4M ids cost ~50 MB per runner).
     */
    public static final ProjectionRunner.Options MONITOR_RUNNER = new ProjectionRunner.Options(
            ProjectionRunner.Options.defaults().batchSize(), ProjectionRunner.Options.defaults().maxWait(), 200_000,
            ProjectionRunner.Options.defaults().retryDelay());

    private ModelLifecycles() {
    }

    /** The registry on the data directory, the gate, the canary router and judge, the trigger. */
    public static ModelLifecycle fromConfig(MercatorConfig config, Clock clock) {
        MercatorConfig.Canary c = config.canary();
        MercatorConfig.Retraining t = config.retraining();
        FileModelRegistry registry = new FileModelRegistry(config.dataPath(), clock);
        ModelGate gate = new ModelGate(new ModelGate.Policy(t.minNdcgGain(), t.minEvaluationRequests(),
                RankingEvaluation.DEFAULT_K, ScoreFormula.CLICK_THEN_ORDER));
        CandidateTraining training = new CandidateTraining(registry, new ModelTrainer(), gate, clock);
        InteractionMonitor monitor = new InteractionMonitor(
                new ServedFeatureWindow(RankingFeatures.NAMES, t.servedRowsWindow()));
        return new ModelLifecycle(registry, training, new CanaryRouter(new CanaryAssignment(c.percent())), monitor,
                new CanaryJudge(c.minImpressions(), c.significance()),
                new RetrainingTrigger(t.minNewInteractions(), t.maxPsi(), t.minPsiRows()),
                t.cooldownMinutes() * 60_000L, clock);
    }
}
