package io.mercator.service.ranking;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.learning.ModelStore;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.TrainingSetProjection;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Gives the service a ranking model at start: the latest one saved under the data directory, or,
 * when there is none, one trained from the whole log and saved there. Blocking: run it on a worker.
 */
public final class ModelBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBootstrap.class);

    private final EventLog log;
    private final ModelStore store;

    public ModelBootstrap(EventLog log, ModelStore store) {
        this.log = log;
        this.store = store;
    }

    /** The loaded or trained models, or empty when the log holds no impressions to learn from. */
    public Optional<TrainedModels> loadOrTrain() {
        Optional<String> latest = store.latest();
        if (latest.isPresent()) {
            TrainedModels loaded = store.load(latest.get());
            LOG.info("ranking model loaded", kv("model_version", latest.get()));
            return Optional.of(loaded);
        }
        long start = System.nanoTime();
        TrainingSetProjection training = new TrainingSetProjection();
        replayInto(training);
        training.flush();
        TrainingSet set = training.trainingSet();
        Duration built = Duration.ofNanos(System.nanoTime() - start);
        if (set.size() == 0) {
            LOG.warn("no impressions in the log: no ranking model; /feed and /search rank by popularity");
            return Optional.empty();
        }
        TrainedModels trained = new ModelTrainer().train(set);
        store.save(trained);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("ranking model trained", kv("model_version", trained.models().version()), kv("rows", set.size()),
                kv("training_set_seconds", built.toMillis() / 1000.0), kv("total_seconds", total.toMillis() / 1000.0));
        return Optional.of(trained);
    }

    private void replayInto(TrainingSetProjection training) {
        for (LogPartition p : await(log.partitions())) {
            long end = await(log.endOffset(p));
            long offset = 0;
            while (offset < end) {
                List<LogRecord> batch = await(log.read(p, offset, 8192, Duration.ZERO));
                if (batch.isEmpty()) {
                    break;
                }
                await(training.apply(batch));
                offset = batch.get(batch.size() - 1).offset() + 1;
            }
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
