package io.mercator.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo marketplace is as big as promised; the one test that runs it (about a second or two). */
class DemoMarketplaceTest {

    @Test
    void demoHasFiftyThousandListingsAndAMillionInteractions() {
        SimulationSummary s = new MarketplaceSimulator(SimulationConfig.demo(Simulations.END)).run(batch -> { });

        assertThat(s.users()).isGreaterThanOrEqualTo(5_000);
        assertThat(s.listings()).isGreaterThanOrEqualTo(50_000);
        assertThat(s.interactions()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(s.sellers()).isBetween(1_900, 2_100);
    }
}
