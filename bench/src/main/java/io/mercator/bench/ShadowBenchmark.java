package io.mercator.bench;

import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainingParameters;
import io.mercator.learning.lifecycle.TrainingReplay;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.release.ModelRelease;
import io.mercator.release.ShadowComparison;
import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a shadow release of the ranker costs {@code /feed}: the demo marketplace in this JVM, a
 * second registered ranker (trained here when the registry has only one, and kept out of the
 * canary), then rounds of the same open-loop load with the shadow off and on, alternating, so a
 * neighbour's noise on the machine falls on both. Prints each round's p50/p95/p99 and CPU per
 * answer, and the shadow's own figures (requests compared and skipped, rank correlation).
 */
final class ShadowBenchmark {

    private ShadowBenchmark() {
    }

    static void main(List<String> args) throws Exception {
        Path dataDir = Path.of(option(args, "--data-dir", "data"));
        int rate = Integer.parseInt(option(args, "--rate", "300"));
        int connections = Integer.parseInt(option(args, "--connections", "32"));
        int seconds = Integer.parseInt(option(args, "--seconds", "30"));
        int rounds = Integer.parseInt(option(args, "--rounds", "2"));
        int candidates = Integer.parseInt(option(args, "--candidates", "200"));
        String coreShare = option(args, "--shadow-core-share", null);
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_RANKING_COMPONENTS_RECALL_MERGE_MAX_CANDIDATES", Integer.toString(candidates),
                "MERCATOR_RETRAINING_ENABLED", "false", "MERCATOR_VISION_ENABLED", "false"));
        if (coreShare != null) {
            settings.put("MERCATOR_RELEASES_SHADOW_CORE_SHARE", coreShare);
        }
        MercatorConfig config = ConfigLoader.load(null, settings);
        try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
            m.booted().toCompletionStage().toCompletableFuture().get(20, TimeUnit.MINUTES);
            RankingBenchmark.awaitQuiet(m);
            String candidate = candidate(m);
            ModelRelease ranker = m.releases().of("ranker").orElseThrow();
            if (ranker.status().plan().mode() != io.mercator.release.ReleasePlan.Mode.NONE) {
                ranker.end("bench", "a release left running by an earlier run");
            }
            System.out.printf("shadow: production %s, candidate %s; /feed open loop %d req/s, %d s per round, "
                    + "%d connections, max candidates %d, shadow budget %.2f of a core%n", m.lifecycle().productionVersion(),
                    candidate, rate, seconds, connections, candidates, config.releases().shadowCoreShare());
            Supplier<String> feed = RankingBenchmark.feedPaths(config, new SplittableRandom(11));
            RankingBenchmark.warmUp("/feed warm-up at full load", Duration.ofSeconds(20),
                    length -> LoadGenerator.run(m.port(), connections, length, Duration.ZERO, feed));
            LatencyStats pooledOff = new LatencyStats();
            LatencyStats pooledOn = new LatencyStats();
            for (int round = 1; round <= rounds; round++) {
                for (boolean on : new boolean[] {false, true}) {
                    if (on) {
                        ranker.startShadow(candidate, "bench", "shadow cost on /feed");
                    }
                    RankingBenchmark.awaitQuiet(m);
                    LoadGenerator.Result r;
                    String activity;
                    try (JvmActivity jvm = new JvmActivity()) {
                        r = LoadGenerator.runAtRate(m.port(), connections, rate, Duration.ofSeconds(5),
                                Duration.ofSeconds(seconds), feed);
                        activity = jvm.cpu(r.answeredInAll());
                    }
                    (on ? pooledOn : pooledOff).addAll(r.latency());
                    String shadow = "";
                    if (on) {
                        ShadowComparison.Snapshot s = ranker.status().shadow();
                        ranker.end("bench", "round over");
                        shadow = String.format("; shadow compared %,d, skipped %,d (busy), failed %d, rank correlation "
                                        + "mean %.3f, same first item %.3f, KS D %.3f", s.compared(), s.skipped(), s.failed(),
                                s.meanRankCorrelation() == null ? Double.NaN : s.meanRankCorrelation(), s.topAgreement(),
                                s.ksStatistic() == null ? Double.NaN : s.ksStatistic());
                    }
                    System.out.printf("round %d shadow %-3s /feed p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %,d measured (%,d degraded), "
                                    + "%s%s%n", round, on ? "on" : "off", r.latency().percentileMillis(50),
                            r.latency().percentileMillis(95), r.latency().percentileMillis(99), r.requests(), r.degraded(),
                            activity, shadow);
                }
            }
            for (boolean on : new boolean[] {false, true}) {
                LatencyStats pooled = on ? pooledOn : pooledOff;
                System.out.printf("all rounds, shadow %-3s /feed p50 %.2f ms, p95 %.2f ms, p99 %.2f ms over %,d answers%n",
                        on ? "on" : "off", pooled.percentileMillis(50), pooled.percentileMillis(95),
                        pooled.percentileMillis(99), pooled.count());
            }
        }
    }

    /**
     * A registered ranker other than production; when there is none, one trained here on the last 7
     * days of the log instead of 28 (a fresher window, the candidate a team would shadow), kept out of
     * the canary so the shadow is measured alone.
     */
    private static String candidate(Mercator m) {
        String production = m.lifecycle().productionVersion();
        List<String> others = m.lifecycle().registry().list().stream().map(RegisteredModel::version)
                .filter(v -> !v.equals(production)).toList();
        if (!others.isEmpty()) {
            return others.getLast();
        }
        System.out.println("shadow: one ranker registered; training a second, on the last 7 days of the log");
        var outcome = m.lifecycle().trainOn(TrainingReplay.of(m.log()),
                new ModelTrainer(TrainingParameters.defaults().withWindowDays(7)), ModelTrainer.Listener.NONE, "bench",
                "a candidate for the shadow bench");
        if (m.lifecycle().registry().staging().isPresent()) {
            m.lifecycle().abortCanary("bench", "the shadow bench measures the shadow alone, not a canary");
        }
        return outcome.registered().version();
    }

    private static String option(List<String> args, String name, String otherwise) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
    }
}
