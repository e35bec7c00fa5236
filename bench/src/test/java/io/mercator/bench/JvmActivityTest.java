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
