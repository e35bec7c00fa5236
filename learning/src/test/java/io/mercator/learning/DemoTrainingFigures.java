package io.mercator.learning;

import io.mercator.simulator.SimulationConfig;

import java.util.Locale;

/**
 * Prints the learning figures of the demo marketplace (or of {@code users days} given as
 * arguments): training-set build time, training time of both models, validation metrics and the
 * four NDCG@20 figures of the held-out last day. A figure printer, not a test: nothing is asserted.
 */
public final class DemoTrainingFigures {

    private DemoTrainingFigures() {
    }

    public static void main(String[] args) {
        SimulationConfig config = args.length >= 2
                ? new SimulationConfig(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                SimulationConfig.DEMO_SEED, Simulated.END)
                : SimulationConfig.demo(Simulated.END);
        long began = System.nanoTime();
        EvaluateReport.Result r = EvaluateReport.run(config);
        double total = (System.nanoTime() - began) / 1e9;
        TrainingMetadata m = r.training();
        System.out.printf(Locale.ROOT, "marketplace: %d users x %d days, seed %d%n", config.users(), config.days(),
                config.seed());
        System.out.printf(Locale.ROOT, "training set: %,d rows x %d features, built in %.2f s%n", r.trainingRows(),
                m.featureNames().size(), r.buildSeconds());
        System.out.printf(Locale.ROOT, "training (both models, %d-day window, days before the held-out one): %.2f s%n",
                m.parameters().windowDays(), r.trainSeconds());
        System.out.printf(Locale.ROOT, "  pCTR: %,d train rows (%,d clicks), %,d validation rows, %d trees, AUC %.4f, logloss %.4f%n",
                m.pctr().trainRows(), m.pctr().trainPositives(), m.pctr().validationRows(), m.pctr().iterations(),
                m.pctr().validationAuc(), m.pctr().validationLogloss());
        System.out.printf(Locale.ROOT, "  pCVR: %,d train rows (%,d orders), %,d validation rows, %d trees, AUC %.4f, logloss %.4f%n",
                m.pcvr().trainRows(), m.pcvr().trainPositives(), m.pcvr().validationRows(), m.pcvr().iterations(),
                m.pcvr().validationAuc(), m.pcvr().validationLogloss());
        System.out.printf(Locale.ROOT, "NDCG@20 on the held-out last day (%,d requests with a positive):%n", r.requests());
        System.out.printf(Locale.ROOT, "  random     %.4f%n", r.ndcgRandom());
        System.out.printf(Locale.ROOT, "  popularity %.4f%n", r.ndcgPopularity());
        System.out.printf(Locale.ROOT, "  engagement-rate popularity %.4f%n", r.ndcgEngagement());
        System.out.printf(Locale.ROOT, "  ltr        %.4f   (score = %s)%n", r.ndcgLtr(), r.scoreFormula());
        System.out.printf(Locale.ROOT, "  truth      %.4f%n", r.ndcgTruth());
        System.out.printf(Locale.ROOT, "model version %s; total %.1f s (simulation included)%n", m.version(), total);
    }
}
