package io.mercator.popularity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link ProjectionThroughput} only when asked ({@code -Dmercator.bench=true}), so the
 * figure can be printed from Maven without slowing every build. It prints; it asserts nothing
 * about time.
 */
class ProjectionThroughputTest {

    @Test
    @EnabledIfSystemProperty(named = "mercator.bench", matches = "true")
    void printsEventsPerSecond() {
        ProjectionThroughput.main(new String[]{System.getProperty("mercator.bench.events", "500000")});
    }
}
