package io.mercator.hydration.features;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowedCounterTest {

    private final WindowedCounter views = new WindowedCounter("views", 60_000, 3_600_000);

    @Test
    void bucketsComeFromEventTime() {
        assertThat(views.bucketOf(0)).isZero();
        assertThat(views.bucketOf(59_999)).isZero();
        assertThat(views.bucketOf(60_000)).isEqualTo(1);
        assertThat(views.bucketOf(-1)).isEqualTo(-1);
        assertThat(views.field(7)).isEqualTo("views@7");
        assertThat(views.buckets()).isEqualTo(60);
    }

    @Test
    void sumsOnlyBucketsInsideTheWindowAsOfTheGivenTime() {
        long now = 100 * 60_000L + 30_000;   // bucket 100
        Map<String, String> hash = Map.of(
                "views@100", "2",       // current bucket
                "views@41", "3",        // oldest bucket inside (100 - 60 + 1)
                "views@40", "5",        // just outside
                "views@101", "7",       // in the future of "now"
                "clicks@100", "11",     // another counter
                "viewsx@100", "13",     // a field that only starts like it
                "views_total", "17");

        assertThat(views.sum(hash, now)).isEqualTo(5.0);
        // later: the older buckets leave the window
        assertThat(views.sum(hash, now + 60_000)).isEqualTo(2.0 + 7.0);
        assertThat(views.sum(hash, now + 3_600_000)).isEqualTo(7.0);
        assertThat(views.sum(hash, now + 2 * 3_600_000)).isZero();
    }

    @Test
    void countedEventsAreNeverOlderThanTheWindow() {
        long now = 123_456_789L;
        long first = views.firstLiveBucket(now);
        assertThat(first * 60_000L).isGreaterThan(now - 3_600_000L);
        assertThat((first - 1) * 60_000L).isLessThanOrEqualTo(now - 3_600_000L + 60_000L);
    }

    @Test
    void windowMustBeAMultipleOfTheBucket() {
        assertThatThrownBy(() -> new WindowedCounter("x", 7, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smoothedCtrStartsAtThePriorAndMovesWithEvidence() {
        assertThat(ProductFeatures.smoothedCtr(0, 0)).isEqualTo(0.05);
        assertThat(ProductFeatures.smoothedCtr(1, 1)).isLessThan(0.1);
        assertThat(ProductFeatures.smoothedCtr(300, 1_000)).isCloseTo(0.296, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ProductFeatures.smoothedCtr(0, 1_000)).isLessThan(0.002);
    }
}
