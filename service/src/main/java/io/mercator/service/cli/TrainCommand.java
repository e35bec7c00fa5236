package io.mercator.service.cli;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.file.FileEventLog;
import io.mercator.learning.ModelMetrics;
import io.mercator.learning.ModelStore;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingMetadata;
import io.mercator.learning.TrainingParameters;
import io.mercator.learning.TrainingSet;
import io.mercator.service.canary.TrainingReplay;
import io.mercator.learning.calibration.CalibrationMetrics;
import io.mercator.service.DataDirLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mercator train}: builds the training set from the embedded log in the data directory,
 * trains and calibrates pCTR and pCVR on its last {@code --days} days (early stopping on the last
 * tenth of that span), saves the version to the model store and prints a summary. The service
 * loads the newest version at its next start.
 *
 * <p>It takes the data directory's lock, so it refuses to run beside a service on the same
 * directory: the embedded log has one owner at a time.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and calibrate pCTR and pCVR on the last days of the embedded log; save to the model store.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "embedded log and models (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--days", defaultValue = "28", description = "training window in days, ending at the newest impression (default: ${DEFAULT-VALUE})")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        Path logDir = dataDir.resolve("log");
        Path partitionsFile = logDir.resolve("partitions");
        if (!Files.exists(partitionsFile)) {
            err.println("mercator train: no event log in " + logDir.toAbsolutePath()
                    + " (start the service or run ./mercator simulate first)");
            return 2;
        }
        int partitions = Integer.parseInt(Files.readString(partitionsFile, StandardCharsets.UTF_8).trim());
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dataDir);
        } catch (IllegalStateException e) {
            err.println("mercator train: " + dataDir.toAbsolutePath() + " is in use: a Mercator service "
                    + "(serve or demo) or another command holds it. Stop it first; the newly trained model is "
                    + "loaded when the service starts again.");
            return 3;
        }
        try (lock; EventLog log = FileEventLog.open(logDir, new FileEventLog.Options(partitions, false,
                FileEventLog.Options.defaults().segmentBytes()))) {
            long began = System.nanoTime();
            TrainingSet set = buildTrainingSet(log, err);
            double buildSeconds = (System.nanoTime() - began) / 1e9;
            if (set.size() == 0) {
                err.println("mercator train: the log holds no impressions; nothing to learn from");
                return 4;
            }
            out.printf(Locale.ROOT, "training set: %,d impressions from the log (built in %.1f s)%n",
                    set.size(), buildSeconds);
            TrainingParameters parameters = TrainingParameters.defaults().withWindowDays(days);
            try (TrainedModels trained = new ModelTrainer(parameters).train(set, new RoundsProgress(err))) {
                Path saved = new ModelStore(dataDir).save(trained);
                printSummary(out, trained.metadata(), saved);
            }
        }
        return 0;
    }

    /** Replays every partition from the start into a fresh projection, as the service does at first boot. */
    private static TrainingSet buildTrainingSet(EventLog log, PrintWriter err) {
        ProgressBar bar = ProgressBar.start(err, "replaying the log", TrainingReplay.events(log));
        long[] done = new long[1];
        TrainingSet set = TrainingReplay.of(log, replayed -> {
            done[0] = replayed;
            bar.update(replayed);
        });
        bar.finish(String.format(Locale.ROOT, "%,d events", done[0]));
        return set;
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
                bar.finish(rounds + " rounds, best " + bestRound);
                bar = null;
            }
        }
    }

    private static void printSummary(PrintWriter out, TrainingMetadata m, Path saved) {
        out.printf(Locale.ROOT, "model %s saved to %s%n", m.version(), saved);
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
