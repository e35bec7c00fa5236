package io.mercator.learning;

import io.mercator.events.Event;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.Thailand;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.popularity.PopularityProjection;
import io.mercator.popularity.PopularityReader;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulatedWorld;
import io.mercator.simulator.SimulationConfig;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The offline evaluation end to end, for the command line: simulate a marketplace, build its
 * training set, hold out the last simulated day, train on the days before it, and compare four
 * orderings of the held-out requests by NDCG@20:
 * <ul>
 *   <li><b>random</b>: a seeded shuffle of each request;</li>
 *   <li><b>popularity</b>: the {@link PopularityProjection}'s lists as of the start of the held-out
 *       day (trending across Thailand first, by rank; then the listing's regional list, by rank;
 *       listings on neither list after them in seeded random order: the projection exposes the
 *       ranked lists, not the scores);</li>
 *   <li><b>ltr</b>: the trained models, ranked by a {@link ScoreFormula} (by default
 *       {@link ScoreFormula#CLICK_THEN_ORDER}, {@code pCTR * (1 + pCVR)}), one batch prediction per
 *       request from the features the row was served with;</li>
 *   <li><b>truth</b>: the simulator's hidden relevance of the listing to the buyer at the distance
 *       from the buyer's home (where the simulator placed the buyer): the ceiling.</li>
 * </ul>
 * The models see only rows whose attribution window closed before the held-out day, as a model
 * trained at midnight would.
 */
public final class EvaluateReport {

    private static final long DAY_MS = SimulationConfig.DAY_MILLIS;

    private EvaluateReport() {
    }

    /**
     * The figures of one evaluation.
     *
     * @param requests          held-out requests with at least one positive row
     * @param ndcgRandom        NDCG@20 of the random order
     * @param ndcgPopularity    NDCG@20 of the popularity order (trending lists, as the fallbacks serve them)
     * @param ndcgEngagement    NDCG@20 of each listing's smoothed engagement rate before the held-out day,
     *                          a stronger popularity baseline
     * @param ndcgLtr           NDCG@20 of the learnt models
     * @param ndcgTruth         NDCG@20 of the hidden relevance (the ceiling)
     * @param scoreFormula      how pCTR and pCVR were combined
     * @param trainingRows      rows in the whole training set
     * @param buildSeconds      wall time to build the training set
     * @param trainSeconds      wall time to train both models
     * @param training          the trained models' metadata (validation AUC and log loss among it)
     */
    public record Result(int requests, double ndcgRandom, double ndcgPopularity, double ndcgEngagement, double ndcgLtr,
                         double ndcgTruth,
                         String scoreFormula, int trainingRows, double buildSeconds, double trainSeconds,
                         TrainingMetadata training) {
    }

    /** Default parameters and formula. */
    public static Result run(SimulationConfig config) {
        return run(config, TrainingParameters.defaults(), ScoreFormula.CLICK_THEN_ORDER, "pctr * (1 + pcvr)");
    }

    /**
     * @param config       the marketplace to simulate (at least two days)
     * @param parameters   training parameters
     * @param formula      how the ranker combines pCTR and pCVR
     * @param formulaLabel the formula in words, for the report
     */
    public static Result run(SimulationConfig config, TrainingParameters parameters, ScoreFormula formula,
                             String formulaLabel) {
        if (config.days() < 2) {
            throw new IllegalArgumentException("need at least two simulated days: one to train on, one held out");
        }
        MarketplaceSimulator simulator = new MarketplaceSimulator(config);
        List<Event> events = new ArrayList<>();
        simulator.run(events::addAll);

        long began = System.nanoTime();
        TrainingSet set = TrainingSetProjection.build(events);
        double buildSeconds = (System.nanoTime() - began) / 1e9;

        long heldOutStart = config.endMillis() - DAY_MS;
        Popularity popularity = Popularity.asOf(events, heldOutStart);

        began = System.nanoTime();
        try (TrainedModels trained = new ModelTrainer(parameters)
                .train(set, heldOutStart - TrainingSetProjection.ATTRIBUTION_WINDOW_MS)) {
            double trainSeconds = (System.nanoTime() - began) / 1e9;
            RankingEvaluation evaluation = new RankingEvaluation(set, heldOutStart, config.endMillis(),
                    RankingEvaluation.DEFAULT_K);
            long seed = config.seed();
            double random = evaluation.meanNdcg((s, rows) -> randomScores(seed, s.requestIndex(rows[0]), rows.length));
            double popular = evaluation.meanNdcg((s, rows) -> popularity.scores(s, rows, seed));
            Engagement engagement = Engagement.asOf(events, heldOutStart);
            double engaged = evaluation.meanNdcg((s, rows) -> engagement.scores(s, rows));
            double ltr = evaluation.meanNdcg(modelScorer(trained.models(), formula));
            SimulatedWorld world = simulator.world();
            double truth = evaluation.meanNdcg((s, rows) -> {
                double[] out = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    out[i] = world.trueRelevance(s.userId(rows[i]), s.listingId(rows[i]));
                }
                return out;
            });
            return new Result(evaluation.requestCount(), random, popular, engaged, ltr, truth, formulaLabel, set.size(),
                    buildSeconds, trainSeconds, trained.metadata());
        }
    }

    /** Scores a request's rows with the models, one batch prediction for the request. */
    public static RankingEvaluation.Scorer modelScorer(ClickModels models, ScoreFormula formula) {
        return (s, rows) -> {
            int width = s.width();
            double[] x = new double[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                s.copyFeatures(rows[i], x, i * width);
            }
            ClickModels.Predictions p = models.predict(x, rows.length);
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = formula.score(p.pctr()[i], p.pcvr()[i]);
            }
            return out;
        };
    }

    private static double[] randomScores(long seed, int request, int n) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + request);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble();
        }
        return out;
    }

    /** The popularity lists as of one time, as ranks. */
    private record Popularity(Map<String, Integer> globalRank, Map<String, Integer> regionalRank) {

        static Popularity asOf(List<Event> events, long until) {
            InProcessOnlineStore store = new InProcessOnlineStore(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
            PopularityProjection projection = new PopularityProjection(store);
            LogPartition partition = new LogPartition("events", 0);
            List<LogRecord> batch = new ArrayList<>(4096);
            long offset = 0;
            for (Event e : events) {
                if (e.ts() >= until) {
                    break; // the log is in event-time order
                }
                batch.add(new LogRecord(partition, offset++, e));
                if (batch.size() == 4096) {
                    TrainingSetProjection.done(projection.apply(batch));
                    batch = new ArrayList<>(4096);
                }
            }
            TrainingSetProjection.done(projection.apply(batch));
            TrainingSetProjection.done(projection.refreshNow());
            PopularityReader reader = new PopularityReader(store);
            Map<String, Integer> global = ranks(TrainingSetProjection.done(reader.trending(PopularityProjection.GLOBAL_SIZE)));
            Map<String, Integer> regional = new HashMap<>();
            for (Thailand.Region r : Thailand.Region.values()) {
                // a listing is in its own region's list only, so one map holds every regional rank
                regional.putAll(ranks(TrainingSetProjection.done(reader.popularIn(r, PopularityProjection.REGION_SIZE))));
            }
            store.close();
            return new Popularity(global, regional);
        }

        private static Map<String, Integer> ranks(List<String> ids) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                m.put(ids.get(i), i);
            }
            return m;
        }

        double[] scores(TrainingSet s, int[] rows, long seed) {
            double[] tieBreak = randomScores(seed ^ 0x5EED, s.requestIndex(rows[0]), rows.length);
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                String id = s.listingId(rows[i]);
                Integer g = globalRank.get(id);
                Integer r = regionalRank.get(id);
                // tiers: trending (2..3), regional (1..2), neither (0..1, random)
                out[i] = g != null ? 3 - (g + 1.0) / (PopularityProjection.GLOBAL_SIZE + 1)
                        : r != null ? 2 - (r + 1.0) / (PopularityProjection.REGION_SIZE + 1)
                        : tieBreak[i];
            }
            return out;
        }
    }

    /**
     * Engagement per impression of each listing before a time, smoothed towards the marketplace's
     * average so a listing shown twice and clicked once does not top the list:
     * {@code (clicks + 3 carts + 5 orders + m*prior) / (impressions + m)}.
     */
    private record Engagement(Map<String, double[]> counts, double prior) {

        private static final double PSEUDO_IMPRESSIONS = 50;

        static Engagement asOf(List<Event> events, long until) {
            Map<String, double[]> counts = new HashMap<>();
            double engaged = 0;
            double shown = 0;
            for (Event e : events) {
                if (e.ts() >= until) {
                    break; // the log is in event-time order
                }
                switch (e.data()) {
                    case InteractionPayload.Impression imp -> {
                        counts.computeIfAbsent(imp.listingId(), k -> new double[2])[1]++;
                        shown++;
                    }
                    case InteractionPayload.Impressions list -> {
                        for (InteractionPayload.Impressions.Shown s : list.items()) {
                            counts.computeIfAbsent(s.listingId(), k -> new double[2])[1]++;
                        }
                        shown += list.size();
                    }
                    case InteractionPayload.Click c -> engaged += engage(counts, c.listingId(), 1);
                    case InteractionPayload.AddToCart c -> engaged += engage(counts, c.listingId(), 3);
                    case InteractionPayload.Order o -> engaged += engage(counts, o.listingId(), 5);
                    default -> {
                        // only interactions count
                    }
                }
            }
            return new Engagement(counts, shown == 0 ? 0 : engaged / shown);
        }

        /** Adds an engagement of weight {@code w} to the listing's count; returns the weight. */
        private static double engage(Map<String, double[]> counts, String listingId, double w) {
            counts.computeIfAbsent(listingId, k -> new double[2])[0] += w;
            return w;
        }

        double[] scores(TrainingSet s, int[] rows) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double[] c = counts.getOrDefault(s.listingId(rows[i]), new double[2]);
                out[i] = (c[0] + PSEUDO_IMPRESSIONS * prior) / (c[1] + PSEUDO_IMPRESSIONS);
            }
            return out;
        }
    }
}
