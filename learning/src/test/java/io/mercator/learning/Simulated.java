package io.mercator.learning;

import io.mercator.events.Event;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small simulated marketplaces shared by the tests, each simulated and turned into rows once per JVM. */
final class Simulated {

    /** 2026-01-01T00:00Z. */
    static final long END = 1_767_225_600_000L;
    /** Enough traffic for the learners: about 150k impressions over a week. */
    static final SimulationConfig WEEK = new SimulationConfig(1_000, 7, 11L, END);

    record Marketplace(MarketplaceSimulator simulator, List<Event> events, TrainingSet trainingSet) {
    }

    private static final Map<SimulationConfig, Marketplace> CACHE = new ConcurrentHashMap<>();

    private Simulated() {
    }

    static Marketplace of(SimulationConfig config) {
        return CACHE.computeIfAbsent(config, c -> {
            MarketplaceSimulator sim = new MarketplaceSimulator(c);
            List<Event> events = new ArrayList<>();
            sim.run(events::addAll);
            return new Marketplace(sim, Collections.unmodifiableList(events), TrainingSetProjection.build(events));
        });
    }
}
