package io.mercator.fraud.loop;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.fraud.features.FraudCase;
import io.mercator.fraud.features.FraudFeatureProjection;
import io.mercator.fraud.gate.PrecisionGate;
import io.mercator.fraud.supervised.FraudModel;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulatedModerator;
import io.mercator.simulator.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every model the loop trains is registered with its card, and reads back scoring exactly as it did. */
class FraudModelStoreTest {

    private static final long NOW = 1_780_000_000_000L;

    private final FraudFeatureProjection cases = new FraudFeatureProjection();
    private final FraudLabels labels = new FraudLabels();
    private long offset;

    private void apply(List<Event> events) {
        List<LogRecord> records = new ArrayList<>();
        for (Event e : events) {
            records.add(new LogRecord(new LogPartition("t", 0), offset++, e));
        }
        cases.apply(records);
        labels.apply(records);
    }

    @Test
    void theLoopRegistersEachVersionAndARegisteredVersionScoresAsItDid(@TempDir Path dataDir) {
        MarketplaceSimulator sim = new MarketplaceSimulator(new SimulationConfig(1_200, 4, 11, NOW));
        sim.run(this::apply);
        SimulatedModerator moderator = new SimulatedModerator(sim.world(), 0.03, 4);
        FraudModelStore store = new FraudModelStore(dataDir);
        FraudLoop loop = new FraudLoop(cases, labels, new FraudLoop.Settings(120, 200, PrecisionGate.defaults(), 0.03,
                0.1, 5), store);
        apply(loop.refresh(NOW));
        String anomaly = loop.liveVersion();
        List<Event> decisions = new ArrayList<>();
        cases.cases().stream().map(FraudCase::listingId).sorted(Comparator.comparingDouble(loop::labelValue).reversed())
                .limit(120).forEach(id -> {
                    decisions.add(Event.of("flag-" + id, NOW, id, new ModerationPayload.Flagged("t", 0.5,
                            "ranking-fraud-check", "fraud", null)));
                    decisions.add(Event.of("decide-" + id, NOW, id, new ModerationPayload.Decided(
                            moderator.removes(id) ? "remove" : "approve", "checked", "moderator-1", null, "t-" + id)));
                });
        apply(decisions);
        apply(loop.refresh(NOW));
        String supervised = loop.liveVersion();

        assertThat(anomaly).matches("fraud-anomaly-0-[0-9a-f]{8}");
        assertThat(supervised).matches("fraud-supervised-120-[0-9a-f]{8}");
        assertThat(store.versions()).containsExactlyInAnyOrder(anomaly, supervised);
        assertThat(store.live()).contains(supervised);
        assertThat(store.card(supervised).orElseThrow().labels()).isEqualTo(120);
        assertThat(loop.versions()).containsExactly(anomaly, supervised);

        try (FraudModel back = store.load(supervised)) {
            assertThat(FraudModelStore.versionOf(back)).as("the same content, the same name").isEqualTo(supervised);
            double[][] rows = cases.cases().stream().map(FraudCase::features).toArray(double[][]::new);
            FraudModel.Scored[] again = back.scoreAll(rows);
            List<FraudCase> all = List.copyOf(cases.cases());
            for (int i = 0; i < all.size(); i++) {
                FraudLoop.Decision d = loop.decision(all.get(i).listingId()).orElseThrow();
                assertThat(again[i].anomaly()).isCloseTo(d.anomaly(), within(1e-12));
                assertThat(again[i].score()).isCloseTo(d.score(), within(1e-9));
            }
        }
    }
}
