package io.mercator.autoboost;

import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.projection.Redelivery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BoostLedgerReplayTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long HOUR = 3_600_000L;

    /** Two days of a small market: campaigns, charges, sponsored lists, clicks, orders, organic views. */
    private static List<Event> market() {
        SplittableRandom rng = new SplittableRandom(5);
        List<Event> log = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            log.add(Event.of("start-" + c, T0 + c * HOUR, "L" + c,
                    new BoostPayload.CampaignStarted("c" + c, 50, 40, T0 + 40 * HOUR)));
        }
        log.add(Event.of("budget-2", T0 + 10 * HOUR, "L2", new BoostPayload.BudgetChanged("c2", 80)));
        for (int r = 0; r < 3_000; r++) {
            long ts = T0 + 4 * HOUR + r * 40_000L;
            int c = rng.nextInt(4);
            String listing = "L" + c;
            String user = "u" + rng.nextInt(50);
            String request = "rq" + r;
            log.add(Event.of("spend:" + request + ":" + listing, ts, listing, new BoostPayload.Spend("c" + c, 0.04)));
            log.add(Event.of("imps:" + request, ts, user, new InteractionPayload.Impressions(request, "feed", null, "m",
                    "web", null, List.of(new InteractionPayload.Impressions.Shown(listing, 4, null, "c" + c,
                    0.02 + 0.01 * c), new InteractionPayload.Impressions.Shown("L-organic", 5, null)))));
            if (rng.nextDouble() < 0.1 + 0.05 * c) {
                log.add(Event.of("click:" + request, ts + 5_000, user, new InteractionPayload.Click(request, listing)));
                if (rng.nextDouble() < 0.2) {
                    log.add(Event.of("order:" + request, ts + 600_000, user,
                            new InteractionPayload.Order(request, listing, 1, 500)));
                }
            }
            if (rng.nextDouble() < 0.3) {
                log.add(Event.of("view:" + r, ts + 1_000, "viewer" + rng.nextInt(9),
                        new InteractionPayload.Click("browse-" + r, "L" + rng.nextInt(4))));
            }
        }
        return log;
    }

    private static BoostLedger replay(List<Event> events) {
        BoostLedger ledger = new BoostLedger();
        events.forEach(ledger::apply);
        return ledger;
    }

    @Test
    void shouldRebuildTheSameStateWhateverOrderThePartitionsAreReadIn() {
        List<Event> log = market();
        String inOrder = replay(log).snapshot();

        // the same log split by key into four partitions, read one partition after another, backwards
        Map<Integer, List<Event>> partitions = new HashMap<>();
        for (Event e : log) {
            partitions.computeIfAbsent(Math.floorMod(e.key().hashCode(), 4), p -> new ArrayList<>()).add(e);
        }
        List<Event> byPartition = new ArrayList<>();
        for (int p = 3; p >= 0; p--) {
            byPartition.addAll(partitions.getOrDefault(p, List.of()));
        }
        assertThat(replay(byPartition).snapshot()).isEqualTo(inOrder);
    }

    @Test
    void shouldIgnoreARedeliveryThroughTheRunner() {
        List<Event> log = market();
        BoostLedger once = replay(log);
        BoostLedger redelivered = new BoostLedger();
        Redelivery.throughTheRunner(new AutoboostProjection(redelivered), log, log.subList(100, 2_000));
        assertThat(redelivered.snapshot()).isEqualTo(once.snapshot());
    }

    @Test
    void shouldCountSpendClicksAndOrdersPerCampaign() {
        BoostLedger ledger = replay(market());
        Map<String, CampaignState> byId = new LinkedHashMap<>();
        ledger.campaigns().forEach(c -> byId.put(c.campaignId(), c));
        assertThat(byId).containsOnlyKeys("c0", "c1", "c2", "c3");
        long impressions = byId.values().stream().mapToLong(CampaignState::impressions).sum();
        assertThat(impressions).isEqualTo(3_000);
        assertThat(byId.get("c2").budget()).isEqualTo(80);
        assertThat(byId.get("c3").clicks()).isGreaterThan(byId.get("c0").clicks());
        assertThat(byId.values()).allSatisfy(c -> {
            assertThat(c.spent()).isEqualTo(Math.round(c.impressions() * 0.04 * 100) / 100.0);
            assertThat(c.orders()).isPositive().isLessThan(c.clicks());
        });
    }

    @Test
    void shouldMeasureMomentumAsViewsNowAgainstTheBaseline() {
        BoostLedger ledger = new BoostLedger();
        // a steady listing: 6 views an hour for a day and a half; a trending one: 6, then 30 in the last two hours
        int n = 0;
        for (int h = 0; h < 36; h++) {
            for (int v = 0; v < 6; v++) {
                ledger.apply(Event.of("s" + n++, T0 + h * HOUR + v * 600_000L, "u", new InteractionPayload.Click("b" + n, "L-steady")));
                ledger.apply(Event.of("t" + n++, T0 + h * HOUR + v * 600_000L, "u", new InteractionPayload.Click("b" + n, "L-trending")));
            }
            if (h >= 34) {
                for (int v = 0; v < 24; v++) {
                    ledger.apply(Event.of("x" + n++, T0 + h * HOUR + v * 100_000L, "u", new InteractionPayload.Click("b" + n, "L-trending")));
                }
            }
        }
        long now = T0 + 36 * HOUR;
        assertThat(ledger.momentum("L-steady", now)).isBetween(0.9, 1.1);
        assertThat(ledger.momentum("L-trending", now)).isGreaterThan(3.5);
        assertThat(ledger.momentum("L-never-viewed", now)).isEqualTo(1.0);
    }
}
