package io.mercator.events.projection;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeMergeTest {

    private static final LogPartition LISTINGS = new LogPartition("listing", 0);
    private static final LogPartition TEXTS = new LogPartition("text", 0);

    /** Records of one partition from {@code offset}, at the given times (ms after {@link TestEvents#TS}). */
    private static List<LogRecord> records(LogPartition p, long offset, long... times) {
        List<LogRecord> out = new ArrayList<>();
        for (long t : times) {
            out.add(new LogRecord(p, offset, Event.of(p.topic() + "-" + offset, TestEvents.TS + t, "L-1",
                    new io.mercator.events.payload.InteractionPayload.Click(Long.toString(t), "L-1"))));
            offset++;
        }
        return out;
    }

    private static List<String> ids(List<LogRecord> records) {
        return records.stream().map(r -> r.event().id()).toList();
    }

    @Test
    void partitionsAtTheirEndAreMergedByTimeAndEachKeepsItsOwnOrder() {
        TimeMerge merge = new TimeMerge();
        merge.offer(LISTINGS, records(LISTINGS, 0, 10, 30, 25, 50), false); // a clock that stepped back
        merge.offer(TEXTS, records(TEXTS, 0, 20, 40), false);
        assertThat(ids(merge.take(100))).containsExactly("listing-0", "text-0", "listing-1", "listing-2", "text-1", "listing-3");
        assertThat(merge.isEmpty()).isTrue();
        assertThat(merge.needsRead(LISTINGS)).isTrue();
        assertThat(merge.readFrom(LISTINGS, 4)).isEqualTo(4);
    }

    @Test
    void aPartitionWithMoreToReadHoldsBackWhatIsLaterThanItsLastRead() {
        TimeMerge merge = new TimeMerge();
        merge.offer(LISTINGS, records(LISTINGS, 0, 10, 20), true);   // full: more, maybe older than the texts
        merge.offer(TEXTS, records(TEXTS, 0, 15, 35, 60), false);
        assertThat(ids(merge.take(100))).as("up to the listings' last time, then read them again")
                .containsExactly("listing-0", "text-0", "listing-1");
        assertThat(merge.needsRead(LISTINGS)).isTrue();
        assertThat(merge.take(100)).as("nothing until the listings are read").isEmpty();
        assertThat(merge.readFrom(TEXTS, 1)).as("after what is buffered").isEqualTo(3);

        merge.offer(LISTINGS, records(LISTINGS, 2, 30, 70), false);
        assertThat(ids(merge.take(100))).containsExactly("listing-2", "text-1", "text-2", "listing-3");
    }

    @Test
    void takeStopsAtItsLimitAndADroppedPartitionIsForgotten() {
        TimeMerge merge = new TimeMerge();
        merge.offer(LISTINGS, records(LISTINGS, 0, 1, 2, 3), false);
        merge.offer(TEXTS, records(TEXTS, 0, 4), true);
        assertThat(ids(merge.take(2))).containsExactly("listing-0", "listing-1");
        merge.drop(TEXTS);
        assertThat(merge.needsRead(TEXTS)).isTrue();
        assertThat(ids(merge.take(10))).containsExactly("listing-2");
    }
}
