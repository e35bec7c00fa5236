package io.mercator.service.cli;

import io.mercator.fraud.evaluation.FraudEvaluation;
import io.mercator.fraud.gate.PrecisionGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code mercator evaluate-fraud}: today's rule, the anomaly model and the supervised model against
 * a simulated marketplace's ground truth, after 0, 200 and 1,000 labels from a simulated moderator
 * (see {@link FraudEvaluation}).
 */
@Command(name = "evaluate-fraud", mixinStandardHelpOptions = true,
        description = "Precision, recall and automation of the fraud rule, anomaly and supervised models on held-out sellers.")
final class EvaluateFraudCommand implements Callable<Integer> {

    @Option(names = "--users", defaultValue = "5000", description = "simulated buyers (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--days", defaultValue = "7", description = "simulated days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "20261207", description = "seed of the world, the mistakes and the models (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--moderator-error-rate", defaultValue = "0.05",
            description = "share of the simulated moderator's answers that are wrong (default: ${DEFAULT-VALUE})")
    double errorRate;

    @Option(names = "--labels", split = ",", defaultValue = "0,200,1000",
            description = "label counts at which to measure (default: ${DEFAULT-VALUE})")
    List<Integer> checkpoints;

    @Option(names = "--batch", defaultValue = "100", description = "labels between retrainings (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--precision", defaultValue = "0.95",
            description = "calibrated precision the gate needs to act alone (default: ${DEFAULT-VALUE})")
    double precision;

    @Override
    public Integer call() {
        FraudEvaluation.Settings d = FraudEvaluation.Settings.defaults();
        if (!(errorRate >= 0 && errorRate < 0.5)) {
            throw new IllegalArgumentException("--moderator-error-rate must be in [0, 0.5)");
        }
        FraudEvaluation.Settings s = new FraudEvaluation.Settings(users, days, seed, errorRate, batch, checkpoints,
                new PrecisionGate(precision, d.gate().reviewFloor(), d.gate().anomalyReviewAt()), d.testShare(),
                d.exploreShare(), d.auditShare());
        long start = System.nanoTime();
        FraudEvaluation.Report r = new FraudEvaluation(s, line -> System.err.println("evaluate-fraud: " + line)).run();
        System.out.printf(Locale.ROOT, "simulated marketplace: users=%d days=%d seed=%d; moderator error rate %.2f "
                + "(measured on its labels: %.3f); gate: act alone at calibrated precision >= %.2f, queue from %.2f%n",
                users, days, seed, errorRate, r.labelNoise(), precision, s.gate().reviewFloor());
        System.out.printf(Locale.ROOT, "%,d listings of labelling sellers; measured on %,d listings of held-out sellers, "
                + "%d fraudulent (%s)%n", r.trainListings(), r.testListings(), r.testFraudulent(),
                r.fraudByPattern().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        System.out.println();
        System.out.println("| labels | model | removed alone | queued | precision | recall | automation | caught (alone or queued) | recall at the rule's precision | recall alone by pattern |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (FraudEvaluation.Row row : r.rows()) {
            if (!row.trained()) {
                System.out.printf(Locale.ROOT, "| %,d | %s | not trained: needs %s | | | | | | | |%n", row.labels(), row.model(),
                        "10 removals and 10 approvals");
                continue;
            }
            System.out.printf(Locale.ROOT, "| %,d | %s | %,d | %,d | %s | %.3f | %.3f | %.3f | %.3f | %s |%n", row.labels(),
                    row.model(), row.removed(), row.queued(), Double.isNaN(row.precision()) ? "-" : String.format(Locale.ROOT, "%.3f", row.precision()),
                    row.recall(), row.automation(), row.caught(), row.recallAtRulePrecision(), patterns(row.recallByPattern()));
        }
        System.out.printf(Locale.ROOT, "%nrule precision %.3f; automation = removed alone / (removed alone + queued); "
                + "recall at the rule's precision = best recall of any threshold on the model's score at that precision%n",
                r.rulePrecision());
        System.out.printf(Locale.ROOT, "ran in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static String patterns(Map<String, Double> byPattern) {
        return byPattern.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue().isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", e.getValue())))
                .collect(Collectors.joining(", "));
    }
}
