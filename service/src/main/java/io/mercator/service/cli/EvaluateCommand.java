package io.mercator.service.cli;

import io.mercator.learning.EvaluateReport;
import io.mercator.simulator.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mercator evaluate}: NDCG@20 on the held-out last day of a simulated marketplace, for a
 * random order, popularity, the learning-to-rank model and the simulator's true relevance.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "NDCG@20 on the held-out last day of simulated traffic: random, popularity, LTR, truth.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--users", defaultValue = "5000", description = "simulated users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--days", defaultValue = "14", description = "simulated days, the last one held out (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        SimulationConfig config = new SimulationConfig(users, days, seed, SimulationConfig.DAY_MILLIS * (20_000 + days));
        EvaluateReport.Result r = EvaluateReport.run(config);
        System.out.printf(Locale.ROOT, "simulated marketplace: users=%d days=%d seed=%d; %,d training rows "
                        + "(built in %.1f s), models trained in %.1f s on the days before the last%n",
                users, days, seed, r.trainingRows(), r.buildSeconds(), r.trainSeconds());
        System.out.printf(Locale.ROOT, "NDCG@20 over %,d held-out requests with at least one click, cart or order:%n", r.requests());
        System.out.printf(Locale.ROOT, "  random                       %.4f%n", r.ndcgRandom());
        System.out.printf(Locale.ROOT, "  popularity (trending lists)  %.4f%n", r.ndcgPopularity());
        System.out.printf(Locale.ROOT, "  popularity (engagement rate) %.4f%n", r.ndcgEngagement());
        System.out.printf(Locale.ROOT, "  LTR model, %s   %.4f%n", r.scoreFormula(), r.ndcgLtr());
        System.out.printf(Locale.ROOT, "  true relevance (ceiling)     %.4f%n", r.ndcgTruth());
        System.out.println("  " + r.training());
        return 0;
    }
}
