package io.mercator.learning.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryAssignmentTest {

    @Test
    void shouldSendAboutFivePercentOfBuyersToTheCanaryAndAlwaysTheSameOnes() {
        CanaryAssignment five = new CanaryAssignment(5);
        int in = 0;
        for (int i = 0; i < 100_000; i++) {
            String user = "user-" + i;
            boolean first = five.inCanary(user);
            assertThat(new CanaryAssignment(5).inCanary(user)).isEqualTo(first);
            if (first) {
                in++;
            }
        }
        assertThat(in).isBetween(4_700, 5_300);
    }

    @Test
    void shouldKeepCanaryBuyersInTheCanaryWhenThePercentGrows() {
        CanaryAssignment five = new CanaryAssignment(5);
        CanaryAssignment twenty = new CanaryAssignment(20);
        for (int i = 0; i < 10_000; i++) {
            if (five.inCanary("u" + i)) {
                assertThat(twenty.inCanary("u" + i)).isTrue();
            }
        }
    }

    @Test
    void shouldServeAnonymousVisitorsProduction() {
        assertThat(new CanaryAssignment(100).inCanary(null)).isFalse();
        assertThat(new CanaryAssignment(100).inCanary("anyone")).isTrue();
        assertThat(new CanaryAssignment(0).inCanary("anyone")).isFalse();
    }
}
