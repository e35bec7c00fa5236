package io.mercator.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmActivityTest {

    @Test
    void aCollectionDuringTheWindowIsReportedWithItsCollector() throws InterruptedException {
        try (JvmActivity activity = new JvmActivity()) {
            System.gc();
            // the collectors notify on their own thread, shortly after the collection
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (activity.summary().endsWith("collections: none") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(activity.summary()).startsWith("JIT compiling ").containsPattern("collections: \"[^\"]+\" [1-9]");
        }
    }

    @Test
    void theSummaryNamesTheCompilersTime() {
        try (JvmActivity activity = new JvmActivity()) {
            assertThat(activity.summary()).containsPattern("^JIT compiling (not measured|[0-9,]+ ms); collections: ");
        }
    }

    @Test
    void stealIsTheEighthFigureOfTheCpuLine() {
        assertThat(JvmActivity.steal("cpu  3786397 0 620596 1978535 28632 0 30913 4546 0 0")).isEqualTo(4546);
        assertThat(JvmActivity.steal("cpu  1 2 3")).isEqualTo(-1);
    }

    @Test
    void busyTimeIsEverythingButIdleIowaitAndSteal() {
        assertThat(JvmActivity.busy("cpu  100 5 20 1000 30 2 3 4546 0 0")).isEqualTo(100 + 5 + 20 + 2 + 3);
        assertThat(JvmActivity.busy("cpu  1 2 3")).isEqualTo(-1);
    }

    @Test
    void quotaThrottlingIsReadFromCgroupV1AndV2() {
        assertThat(JvmActivity.throttledIn(java.util.List.of("nr_periods 5", "nr_throttled 3", "throttled_time 2000000")))
                .containsExactly(3, 2_000_000);
        assertThat(JvmActivity.throttledIn(java.util.List.of("usage_usec 9", "nr_throttled 4", "throttled_usec 15")))
                .containsExactly(4, 15_000);
        assertThat(JvmActivity.throttledIn(java.util.List.of("usage_usec 9"))).isNull();
    }

    @Test
    void cpuTimeSpentInTheWindowIsCountedPerAnswer() {
        try (JvmActivity activity = new JvmActivity()) {
            long sink = 0;
            long until = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < until) {
                sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
            }
            assertThat(sink).isPositive();
            assertThat(activity.processCpuMs()).isGreaterThanOrEqualTo(100);
            assertThat(activity.cpu(10)).containsPattern("^process CPU [0-9]+\\.[0-9]{2} ms per answer");
        }
    }
}
