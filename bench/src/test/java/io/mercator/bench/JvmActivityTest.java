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
}
