package io.mercator.learning.lifecycle;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InteractionMonitorTest {

    private final InteractionMonitor monitor = new InteractionMonitor(new ServedFeatureWindow(List.of("price", "stock"), 3));
    private final List<LogRecord> log = new ArrayList<>();

    private void add(long ts, String user, InteractionPayload p) {
        log.add(new LogRecord(new LogPartition("events", 0), log.size(),
                Event.of("e" + log.size(), ts, user, p)));
    }

    private static InteractionPayload.Impression shown(String request, String listing, String version,
                                                       Map<String, Double> features) {
        return new InteractionPayload.Impression(request, "feed", null, listing, 1, version, "ios",
                features == null ? null : io.mercator.events.payload.FeatureValues.of(features));
    }

    @Test
    void shouldCountCtrAndCvrPerModelVersionJoinedByRequest() {
        add(1_000, "a", shown("r1", "L1", "m-canary", Map.of("price", 10.0)));
        add(1_000, "a", shown("r1", "L2", "m-canary", null));
        add(1_000, "b", shown("r2", "L1", "m-prod", Map.of("price", 20.0, "stock", 1.0)));
        add(2_000, "a", new InteractionPayload.Click("r1", "L1"));
        add(2_500, "a", new InteractionPayload.Click("r1", "L1")); // the same pair again: one click
        add(3_000, "a", new InteractionPayload.Order("r1", "L1", 1, 5_000));
        add(3_000, "c", new InteractionPayload.Click("r-unknown", "L9")); // no impression seen: no version

        monitor.apply(log);

        assertThat(monitor.traffic().of("m-canary")).isEqualTo(new ModelTraffic.Counts(2, 1, 1));
        assertThat(monitor.traffic().of("m-canary").ctr()).isEqualTo(0.5);
        assertThat(monitor.traffic().of("m-canary").cvr()).isEqualTo(1.0);
        assertThat(monitor.traffic().of("m-prod")).isEqualTo(new ModelTraffic.Counts(1, 0, 0));
        assertThat(monitor.traffic().all()).containsOnlyKeys("m-canary", "m-prod");
        assertThat(monitor.interactionsSince(0)).isEqualTo(7);
        assertThat(monitor.served().rows()).hasSize(2);
        assertThat(monitor.served().rows().get(0)[0]).isEqualTo(10f);
        assertThat(monitor.served().rows().get(0)[1]).isNaN();
    }

    @Test
    void shouldCountAServedListAsItsItems() {
        add(1_000, "a", new InteractionPayload.Impressions("r1", "feed", null, "m-canary", "ios", List.of("stock", "price"),
                List.of(new InteractionPayload.Impressions.Shown("L1", 1, new double[] {1, 10}),
                        new InteractionPayload.Impressions.Shown("L2", 2, new double[] {0, 20}),
                        new InteractionPayload.Impressions.Shown("L3", 3, null))));
        add(2_000, "a", new InteractionPayload.Click("r1", "L2"));

        monitor.apply(log);

        assertThat(monitor.traffic().of("m-canary")).isEqualTo(new ModelTraffic.Counts(3, 1, 0));
        assertThat(monitor.interactionsSince(0)).isEqualTo(4);
        // rows in the window's order (price, stock), the item without features left out
        assertThat(monitor.served().rows()).extracting(r -> r[0]).containsExactlyInAnyOrder(10f, 20f);
        assertThat(monitor.served().rows()).extracting(r -> r[1]).containsExactlyInAnyOrder(1f, 0f);
    }

    @Test
    void shouldCountOnlyInteractionsAfterTheLastTrainingForTheTrigger() {
        long hour = 3_600_000L;
        add(0, "a", shown("r1", "L1", "m", null));
        add(5 * hour, "a", shown("r2", "L1", "m", null));
        add(5 * hour + 10, "a", new InteractionPayload.Click("r2", "L1"));

        monitor.apply(log);

        assertThat(monitor.interactionsSince(5 * hour)).isEqualTo(2);
        assertThat(monitor.interactionsSince(6 * hour)).isZero();
    }

    @Test
    void shouldKeepOnlyTheMostRecentServedRows() {
        for (int i = 0; i < 5; i++) {
            add(i, "a", shown("r" + i, "L", "m", Map.of("price", (double) i)));
        }

        monitor.apply(log);

        assertThat(monitor.served().size()).isEqualTo(3);
        assertThat(monitor.served().rows()).extracting(r -> r[0]).containsExactlyInAnyOrder(2f, 3f, 4f);
    }

    @Test
    void shouldHandOutCopiesThatLaterImpressionsDoNotOverwrite() {
        for (int i = 0; i < 3; i++) {
            add(i, "a", shown("r" + i, "L", "m", Map.of("price", (double) i)));
        }
        monitor.apply(log);
        List<float[]> before = monitor.served().rows();

        log.clear();
        for (int i = 3; i < 6; i++) {
            add(i, "a", shown("r" + i, "L", "m", Map.of("price", (double) i)));
        }
        monitor.apply(log);

        assertThat(before).extracting(r -> r[0]).containsExactlyInAnyOrder(0f, 1f, 2f);
        assertThat(monitor.served().rows()).extracting(r -> r[0]).containsExactlyInAnyOrder(3f, 4f, 5f);
    }
}
