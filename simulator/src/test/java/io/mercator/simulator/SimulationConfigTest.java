package io.mercator.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationConfigTest {

    @Test
    void demoIsTheFiveThousandBuyerMarketplaceEndingWhenAsked() {
        SimulationConfig demo = SimulationConfig.demo(Simulations.END);

        assertThat(demo.users()).isEqualTo(5_000);
        assertThat(demo.endMillis()).isEqualTo(Simulations.END);
        assertThat(demo.startMillis()).isEqualTo(Simulations.END - demo.days() * SimulationConfig.DAY_MILLIS);
        assertThat(SimulationConfig.demo(Simulations.END)).isEqualTo(demo);
    }

    @Test
    void rejectsNonsenseWithAMessageThatSaysWhy() {
        assertThatThrownBy(() -> new SimulationConfig(0, 3, 1, Simulations.END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users");
        assertThatThrownBy(() -> new SimulationConfig(10, 0, 1, Simulations.END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days");
        assertThatThrownBy(() -> new SimulationConfig(10, SimulationConfig.MAX_DAYS + 1, 1, Simulations.END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days");
        // a span reaching back before 2000 would be refused by the validation gate
        assertThatThrownBy(() -> new SimulationConfig(10, 3, 1, 946_684_800_000L + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000-01-01");
    }
}
