package io.mercator.service.cli;

import io.mercator.events.log.EventLog;
import io.mercator.learning.ModelMetrics;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingMetadata;
import io.mercator.learning.TrainingParameters;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.calibration.CalibrationMetrics;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.learning.lifecycle.TrainingReplay;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.service.Assembly;
import io.mercator.service.DataDirLock;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code mercator train}: builds the training set from the configured event log (the embedded one
 * in the data directory, or Kafka), trains and calibrates pCTR and pCVR on its last {@code --days}
 * days (early stopping on the last tenth of that span), and registers the candidate in the model
 * registry through the same gate as the service's own retraining: with its card, as staging when
 * it beats production on the held-out last day (the service's canary then serves it to a share of
 * buyers), archived when it does not, production when there is none.
 *
 * <p>It takes the data directory's lock, so it refuses to run beside a service on the same
 * directory: the registry (and the embedded log) has one owner at a time.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and calibrate pCTR and pCVR on the last days of the configured event log; register the candidate.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--days", defaultValue = "28", description = "training window in days, ending at the newest impression (default: ${DEFAULT-VALUE})")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        MercatorConfig config = service.load(Map.of());
        if (config.log().backend() == MercatorConfig.LogBackend.EMBEDDED
                && !Files.exists(config.dataPath().resolve("log").resolve("partitions"))) {
            err.println("mercator train: no event log in " + config.dataPath().resolve("log").toAbsolutePath()
                    + " (start the service or run ./mercator simulate first)");
            return 2;
        }
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(config.dataPath());
        } catch (IllegalStateException e) {
            err.println("mercator train: " + config.dataPath().toAbsolutePath() + " is in use: a Mercator service "
                    + "(serve or demo) or another command holds it. Stop it first; a staged candidate is served to "
                    + "the canary share once the service starts again.");
            return 3;
        }
        Vertx vertx = Vertx.vertx();
        try (lock; EventLog log = Assembly.eventLog(vertx, config).toCompletionStage().toCompletableFuture()
                .get(2, TimeUnit.MINUTES); ModelLifecycle lifecycle = Assembly.lifecycle(config)) {
            long began = System.nanoTime();
            TrainingSet set = buildTrainingSet(log, err);
            double buildSeconds = (System.nanoTime() - began) / 1e9;
            if (set.size() == 0) {
                err.println("mercator train: the log holds no impressions; nothing to learn from");
                return 4;
            }
            out.printf(Locale.ROOT, "training set: %,d impressions from the log (built in %.1f s)%n",
                    set.size(), buildSeconds);
            ModelTrainer trainer = new ModelTrainer(TrainingParameters.defaults().withWindowDays(days));
            CandidateTraining.Outcome o = lifecycle.trainOn(set, trainer, new RoundsProgress(err), "mercator train",
                    "trained from the command line on the last " + days + " days");
            try (TrainedModels trained = lifecycle.registry().load(o.registered().card().version())) {
                printSummary(out, trained.metadata(), o);
            }
        } finally {
            vertx.close();
        }
        return 0;
    }

    /** Replays every partition from the start into a fresh projection, as the service does to retrain. */
    private static TrainingSet buildTrainingSet(EventLog log, PrintWriter err) {
        long[] done = new long[1];
        try (ProgressBar bar = ProgressBar.start(err, "replaying the log", TrainingReplay.events(log))) {
            TrainingSet set = TrainingReplay.of(log, replayed -> {
                done[0] = replayed;
                bar.update(replayed);
            });
            bar.finish(String.format(Locale.ROOT, "%,d events", done[0]));
            return set;
        }
    }

    /** One bar per booster; early stopping usually ends it before the most rounds. */
    private static final class RoundsProgress implements ModelTrainer.Listener {
        private final PrintWriter err;
        private ProgressBar bar;

        RoundsProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void round(String model, int round, int maxRounds) {
            if (bar == null) {
                bar = ProgressBar.start(err, "boosting " + model, maxRounds);
            }
            bar.update(round);
        }

        @Override
        public void stopped(String model, int rounds, int bestRound) {
            if (bar != null) {
                bar.finishEarly(rounds, rounds + " rounds, best " + bestRound);
                bar = null;
            }
        }
    }

    private static void printSummary(PrintWriter out, TrainingMetadata m, CandidateTraining.Outcome o) {
        out.printf(Locale.ROOT, "model %s registered as %s: %s%n", m.version(), o.registered().stage().wireName(),
                o.decision().reason());
        out.printf(Locale.ROOT, "window %s .. %s (%d days at most), validation from %s; trained in %.1f s%n",
                Instant.ofEpochMilli(m.windowStartMillis()), Instant.ofEpochMilli(m.windowEndMillis()),
                m.parameters().windowDays(), Instant.ofEpochMilli(m.validationStartMillis()), m.trainingSeconds());
        printModel(out, "pCTR", "clicks", m.pctr(), m.calibration() == null ? null : m.calibration().pctr());
        printModel(out, "pCVR", "orders", m.pcvr(), m.calibration() == null ? null : m.calibration().pcvr());
    }

    private static void printModel(PrintWriter out, String name, String positives, ModelMetrics metrics, CalibrationMetrics c) {
        out.printf(Locale.ROOT, "  %s: %,d train rows (%,d %s), %,d validation rows (%,d %s), %d trees, "
                        + "validation AUC %.4f, log loss %.4f%n", name, metrics.trainRows(), metrics.trainPositives(),
                positives, metrics.validationRows(), metrics.validationPositives(), positives, metrics.iterations(),
                metrics.validationAuc(), metrics.validationLogloss());
        if (c == null) {
            out.printf(Locale.ROOT, "        not calibrated (too few validation rows or one outcome only): "
                    + "serves raw probabilities%n");
        } else {
            out.printf(Locale.ROOT, "        isotonic calibration (%d knots, fitted on %,d validation rows); "
                            + "on the later half of validation (%,d rows), ECE %d %s bins: raw %.4f -> calibrated %.4f; "
                            + "log loss %.4f -> %.4f%n", c.knots(), c.fitRows(), c.evaluationRows(), c.bins(),
                    c.binning().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.eceRaw(), c.eceCalibrated(),
                    c.loglossRaw(), c.loglossCalibrated());
        }
    }
}
