package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeterminismTest {

    @Test
    void theSameConfigGivesTheSameBytesIdsIncluded() {
        List<byte[]> first = encoded(Simulations.record(Simulations.SMALL).events());
        List<byte[]> second = encoded(Simulations.record(Simulations.SMALL).events());

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("event %d", i).isEqualTo(first.get(i));
        }
    }

    @Test
    void runningTheSameSimulatorAgainReplaysTheSameEvents() {
        MarketplaceSimulator sim = new MarketplaceSimulator(Simulations.SMALL);
        List<Event> first = new java.util.ArrayList<>();
        List<Event> second = new java.util.ArrayList<>();
        sim.run(first::addAll);
        sim.run(second::addAll);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aDifferentSeedGivesADifferentMarketplace() {
        SimulationConfig other = new SimulationConfig(Simulations.SMALL.users(), Simulations.SMALL.days(),
                Simulations.SMALL.seed() + 1, Simulations.SMALL.endMillis());
        List<Event> a = Simulations.recorded(Simulations.SMALL).events();
        List<Event> b = Simulations.record(other).events();

        assertThat(b).isNotEqualTo(a);
        Set<String> idsA = new HashSet<>();
        a.forEach(e -> idsA.add(e.id()));
        assertThat(b).noneMatch(e -> idsA.contains(e.id()));
    }

    @Test
    void eventIdsAreUnique() {
        List<Event> events = Simulations.recorded(Simulations.SMALL).events();
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.id()));

        assertThat(ids).hasSize(events.size());
    }

    @Test
    void theWorldIsRebuiltFromTheConfigAlone() {
        SimulatedWorld ran = Simulations.recorded(Simulations.SMALL).simulator().world();
        SimulatedWorld fresh = new SimulatedWorld(Simulations.SMALL);

        assertThat(fresh.userIds()).isEqualTo(ran.userIds());
        assertThat(fresh.listingIds()).isEqualTo(ran.listingIds());
        for (int i = 0; i < 50; i++) {
            String user = fresh.userIds().get(i * 3);
            String listing = fresh.listingIds().get(i * 37);
            assertThat(fresh.home(user)).isEqualTo(ran.home(user));
            assertThat(fresh.trueRelevance(user, listing, 12.5)).isEqualTo(ran.trueRelevance(user, listing, 12.5));
            assertThat(fresh.trueRelevance(user, listing)).isEqualTo(ran.trueRelevance(user, listing));
        }
    }

    @Test
    void unknownIdsAreRefused() {
        SimulatedWorld world = Simulations.recorded(Simulations.SMALL).simulator().world();
        String user = world.userIds().get(0);
        String listing = world.listingIds().get(0);

        assertThatThrownBy(() -> world.trueRelevance("nobody", listing, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
        assertThatThrownBy(() -> world.trueRelevance(user, "nothing", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing");
    }

    private static List<byte[]> encoded(List<Event> events) {
        return events.stream().map(EventCodec::encode).toList();
    }
}
