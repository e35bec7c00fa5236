package io.mercator.simulator;

import io.mercator.events.Event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small simulations shared by the tests, each run once per test JVM and kept with its batches. */
final class Simulations {

    /** 2026-01-01T00:00Z. */
    static final long END = 1_767_225_600_000L;
    /** The small marketplace most tests look at: 200 buyers over 3 days. */
    static final SimulationConfig SMALL = new SimulationConfig(200, 3, 7L, END);
    /** Large enough for rates (click-through by decile, report rates) to be clear: about 150k impressions. */
    static final SimulationConfig MEDIUM = new SimulationConfig(1_000, 7, 11L, END);

    /** One run's output. */
    record Recording(MarketplaceSimulator simulator, List<List<Event>> batches, List<Event> events,
                     SimulationSummary summary) {
    }

    private static final Map<SimulationConfig, Recording> CACHE = new ConcurrentHashMap<>();

    private Simulations() {
    }

    static Recording recorded(SimulationConfig config) {
        return CACHE.computeIfAbsent(config, Simulations::record);
    }

    static Recording record(SimulationConfig config) {
        MarketplaceSimulator sim = new MarketplaceSimulator(config);
        List<List<Event>> batches = new ArrayList<>();
        SimulationSummary summary = sim.run(batches::add);
        List<Event> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return new Recording(sim, Collections.unmodifiableList(batches), Collections.unmodifiableList(all), summary);
    }

    static boolean hasThaiScript(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0E00' && c <= '\u0E7F') {
                return true;
            }
        }
        return false;
    }
}
