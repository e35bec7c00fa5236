package io.mercator.service.boost;

import io.mercator.autoboost.policy.MomentumHeuristic;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.autoboost.policy.ThompsonSampling;
import io.mercator.service.config.ConfigException;
import io.mercator.service.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoostStackTest {

    @Test
    void shouldServeTheBanditByDefaultAndTheHeuristicWhenConfigured() {
        BoostStack byDefault = new BoostStack(new SimpleMeterRegistry(), ConfigLoader.load(null, Map.of()).autoboost(),
                new InProcessOnlineStore(Clock.systemUTC()));
        assertThat(byDefault.agent().policy().id()).isEqualTo(ThompsonSampling.ID);

        BoostStack heuristic = new BoostStack(new SimpleMeterRegistry(),
                ConfigLoader.load(null, Map.of("MERCATOR_AUTOBOOST_POLICY", "momentum")).autoboost(),
                new InProcessOnlineStore(Clock.systemUTC()));
        assertThat(heuristic.agent().policy().id()).isEqualTo(MomentumHeuristic.ID);
        assertThat(heuristic.projections()).singleElement()
                .satisfies(p -> assertThat(p.id()).isEqualTo("autoboost"));
    }

    @Test
    void shouldRefuseAnUnknownPolicyOrAPaceSlackOutOfRange() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MERCATOR_AUTOBOOST_POLICY", "greedy")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("autoboost");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MERCATOR_AUTOBOOST_PACE_SLACK", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("paceSlack");
    }
}
