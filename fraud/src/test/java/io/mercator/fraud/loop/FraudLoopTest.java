package io.mercator.fraud.loop;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.fraud.features.FraudFeatureProjection;
import io.mercator.fraud.gate.PrecisionGate;
import io.mercator.fraud.rule.FraudRule;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulatedModerator;
import io.mercator.simulator.SimulatedWorld;
import io.mercator.simulator.SimulationConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop as the service runs it, on a simulated marketplace's log: an anomaly model that only
 * queues, moderators' decisions on the queue (asked in the order of label value) that train a
 * supervised model, and audits of what it would remove that open the gate, after which it removes
 * listings alone with decisions of its own on the log.
 */
class FraudLoopTest {

    private static final long NOW = 1_780_000_000_000L;

    private final FraudFeatureProjection cases = new FraudFeatureProjection();
    private final FraudLabels labels = new FraudLabels();
    private final List<LogRecord> applied = new ArrayList<>();
    private long offset;

    private void apply(List<Event> events) {
        List<LogRecord> records = new ArrayList<>();
        for (Event e : events) {
            records.add(new LogRecord(new LogPartition("t", 0), offset++, e));
        }
        applied.addAll(records);
        cases.apply(records);
        labels.apply(records);
    }

    /** A moderator answers the listings: a fraud flag (from {@code source}) and a decision each. */
    private void moderate(List<String> listings, SimulatedModerator moderator, String source) {
        List<Event> events = new ArrayList<>();
        for (String id : listings) {
            events.add(Event.of("flag-" + source + "-" + id, NOW, id,
                    new ModerationPayload.Flagged("test", 0.5, source, "fraud", null)));
            events.add(Event.of("decision-" + id + "-" + offset, NOW, id, new ModerationPayload.Decided(
                    moderator.removes(id) ? "remove" : "approve", "checked", "moderator-1", null, "t-" + id)));
        }
        apply(events);
    }

    @Test
    void learnsFromModeratorsAndRemovesAloneOnlyOnceAuditsAssureThePrecision() {
        MarketplaceSimulator sim = new MarketplaceSimulator(new SimulationConfig(1_500, 5, 3, NOW));
        sim.run(this::apply);
        SimulatedWorld world = sim.world();
        SimulatedModerator moderator = new SimulatedModerator(world, 0.03, 9);
        FraudLoop loop = new FraudLoop(cases, labels, new FraudLoop.Settings(150, 200, PrecisionGate.defaults(), 0.03,
                0.1, 5));

        // no labels: an uncalibrated anomaly model, which queues its most anomalous listings and removes nothing
        List<Event> first = loop.refresh(NOW);
        FraudLoop.Status s0 = loop.status();
        assertThat(s0.model().kind()).isEqualTo("anomaly");
        assertThat(s0.model().features()).doesNotContain("anomaly_score");
        assertThat(s0.gateOpen()).isFalse();
        assertThat(s0.actions().get("remove")).isZero();
        assertThat(first).isNotEmpty().allMatch(e -> e.data() instanceof ModerationPayload.Flagged f
                && f.source().equals(FraudLoop.REVIEW_SOURCE) && f.evidence().containsKey("top_features"));
        assertThat(loop.refresh(NOW)).as("nothing changed, nothing written again").isEmpty();

        // the queue: what the model flagged, and what today's rule flags; moderators answer it in the
        // order of label value, 150 at a time, and each batch retrains the model
        java.util.Set<String> queue = new java.util.TreeSet<>(flagged(first));
        cases.cases().stream().filter(c -> FraudRule.assess(c.rule()).score() >= 0.5).forEach(c -> queue.add(c.listingId()));
        apply(first);
        for (int round = 0; round < 4; round++) {
            List<String> next = queue.stream().filter(id -> !labels.decided(id))
                    .sorted(Comparator.comparingDouble(loop::labelValue).reversed().thenComparing(id -> id))
                    .limit(150).toList();
            moderate(next, moderator, "ranking-fraud-check");
            List<Event> written = loop.refresh(NOW);
            queue.addAll(flagged(written));
            apply(written);
        }
        FraudLoop.Status s1 = loop.status();
        assertThat(s1.labels()).isEqualTo(600);
        assertThat(s1.model().kind()).isEqualTo("supervised");
        assertThat(s1.model().labels()).isEqualTo(600);
        assertThat(s1.model().features()).endsWith("anomaly_score");
        assertThat(separation(loop, world)).as("fraudulent listings score above honest ones").isGreaterThan(0.9);

        // what it would remove went to the queue as audits; moderators' answers to them open the gate
        List<String> audits = new ArrayList<>();
        for (LogRecord r : applied) {
            if (r.event().data() instanceof ModerationPayload.Flagged f && f.source().equals(FraudLabels.AUDIT_SOURCE)
                    && !labels.snapshot().containsKey(r.event().key())) {
                audits.add(r.event().key());
            }
        }
        assertThat(audits).isNotEmpty();
        assertThat(s1.gateOpen()).isFalse();
        int before = s1.labels();
        List<String> audited = audits.stream().distinct().limit(150).toList();
        List<Event> answers = new ArrayList<>();
        for (String id : audited) {
            answers.add(Event.of("audit-decision-" + id, NOW, id, new ModerationPayload.Decided(
                    moderator.removes(id) ? "remove" : "approve", "audit", "moderator-2", null, "a-" + id)));
        }
        apply(answers);
        List<Event> afterAudit = loop.refresh(NOW);
        FraudLoop.Status s2 = loop.status();
        assertThat(s2.labels()).isEqualTo(before + audited.size());
        assertThat(s2.audit().audited()).isPositive();
        assertThat(s2.gateOpen()).as("audit " + s2.audit()).isTrue();
        List<Event> removals = afterAudit.stream().filter(e -> e.data() instanceof ModerationPayload.Decided).toList();
        assertThat(removals).isNotEmpty().allMatch(e -> ((ModerationPayload.Decided) e.data()).actor().startsWith("fraud-model:")
                && ((ModerationPayload.Decided) e.data()).removes());
        long right = removals.stream().filter(e -> world.isFraudulent(e.key())).count();
        assertThat(right / (double) removals.size()).as("precision of its removals").isGreaterThanOrEqualTo(0.95);

        // the model's own decisions are not labels
        apply(afterAudit);
        assertThat(loop.status().labels()).isEqualTo(s2.labels());
    }

    private static List<String> flagged(List<Event> events) {
        return events.stream().filter(e -> e.data() instanceof ModerationPayload.Flagged).map(Event::key).toList();
    }

    /** Share of (fraudulent, honest) pairs of scored listings in the right order by the model's score: the AUC. */
    private double separation(FraudLoop loop, SimulatedWorld world) {
        List<Double> bad = new ArrayList<>();
        List<Double> good = new ArrayList<>();
        for (var c : cases.cases()) {
            loop.decision(c.listingId()).ifPresent(d -> (world.isFraudulent(c.listingId()) ? bad : good).add(d.score()));
        }
        double pairs = 0;
        for (double b : bad) {
            for (double h : good) {
                pairs += b > h ? 1 : b == h ? 0.5 : 0;
            }
        }
        return pairs / ((double) bad.size() * good.size());
    }

    @Test
    void aReleaseHoldsTheLiveModelShadowsItsCandidateAndSwitchesBlueGreen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        MarketplaceSimulator sim = new MarketplaceSimulator(new SimulationConfig(1_500, 5, 3, NOW));
        sim.run(this::apply);
        SimulatedModerator moderator = new SimulatedModerator(sim.world(), 0.03, 9);
        FraudLoop loop = new FraudLoop(cases, labels, new FraudLoop.Settings(150, 200, PrecisionGate.defaults(), 0.03,
                0.1, 5));
        List<Event> first = loop.refresh(NOW);
        apply(first);
        String anomaly = loop.liveVersion();
        moderate(cases.cases().stream().map(c -> c.listingId()).sorted(Comparator.comparingDouble(loop::labelValue)
                .reversed()).limit(150).toList(), moderator, "ranking-fraud-check");
        apply(loop.refresh(NOW));
        String supervised = loop.liveVersion();
        assertThat(loop.versions()).containsExactly(anomaly, supervised);

        try (io.mercator.events.log.file.FileEventLog log = io.mercator.events.log.file.FileEventLog.open(dir,
                io.mercator.events.log.file.FileEventLog.Options.defaults())) {
            java.time.Clock clock = java.time.Clock.systemUTC();
            io.mercator.release.ReleaseControl release = FraudRelease.control(loop,
                    new io.mercator.release.ReleaseEvents(log, clock), clock);

            // shadow: the anomaly model scores the next batch beside the supervised one, never acts
            release.startShadow(anomaly, "ops", "compare");
            List<Event> batch = loop.refresh(NOW);
            List<io.mercator.events.payload.ModelPayload.ShadowScored> shadowed = batch.stream()
                    .filter(e -> e.data() instanceof io.mercator.events.payload.ModelPayload.ShadowScored)
                    .map(e -> (io.mercator.events.payload.ModelPayload.ShadowScored) e.data()).toList();
            assertThat(shadowed).hasSize(1);
            assertThat(shadowed.getFirst().champion()).isEqualTo(supervised);
            assertThat(shadowed.getFirst().candidate()).isEqualTo(anomaly);
            assertThat(shadowed.getFirst().items()).hasSize(FraudLoop.SHADOW_LOGGED_ITEMS);
            assertThat(release.status().shadow().compared()).isEqualTo(1);
            assertThat(release.status().shadow().items()).isEqualTo(cases.size());
            assertThat(batch).filteredOn(e -> e.data() instanceof ModerationPayload.Flagged f)
                    .allMatch(e -> ((ModerationPayload.Flagged) e.data()).evidence().get("model_version").equals(supervised));

            // while the release runs, a retrained model waits as a version and does not replace the live one
            moderate(cases.cases().stream().map(c -> c.listingId()).filter(id -> !labels.decided(id)).sorted()
                    .limit(150).toList(), moderator, "ranking-fraud-check");
            apply(loop.refresh(NOW));
            assertThat(loop.liveVersion()).isEqualTo(supervised);
            assertThat(loop.versions()).hasSize(3);
            String retrained = loop.versions().getLast();
            release.end("ops", "done");

            // blue-green: the retrained model takes over at once, and the way back is as quick
            release.startBlueGreen(retrained, "ops", "new labels");
            release.switchOver("ops", "go");
            assertThat(loop.liveVersion()).isEqualTo(retrained);
            loop.refresh(NOW);
            assertThat(loop.decision(cases.cases().iterator().next().listingId()).orElseThrow().modelVersion())
                    .as("every listing scored again by green").isEqualTo(retrained);
            release.switchBack("ops", "back");
            assertThat(loop.liveVersion()).isEqualTo(supervised);
            release.end("ops", "blue stays");

            List<String> actions = new ArrayList<>();
            io.mercator.events.projection.ProjectionRunner.replay(log, new io.mercator.events.projection.Projection() {
                @Override
                public String id() {
                    return "test";
                }

                @Override
                public io.vertx.core.Future<Void> apply(List<LogRecord> records) {
                    records.forEach(r -> actions.add(((io.mercator.events.payload.ModelPayload.ReleaseChanged) r.event().data()).action()));
                    return io.vertx.core.Future.succeededFuture();
                }
            }, n -> {
            });
            assertThat(actions).containsExactly("shadow_started", "ended", "blue_green_started", "switched",
                    "switched_back", "ended");
        }
    }
}
