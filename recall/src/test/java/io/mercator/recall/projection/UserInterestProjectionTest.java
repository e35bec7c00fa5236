package io.mercator.recall.projection;

import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.projection.Redelivery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class UserInterestProjectionTest {

    private static List<LogRecord> log() {
        return new RecallEvents()
                .add("e1", "U-1", new InteractionPayload.Click("r", "L-1"))
                .add("e2", "U-1", new InteractionPayload.Impression("r", "feed", null, "L-9", 1, "m", "ios",
                        io.mercator.events.payload.FeatureValues.of(Map.of())))
                .add("e3", "U-1", new InteractionPayload.AddToCart("r", "L-2", 1))
                .add("e4", "U-2", new InteractionPayload.Click("r", "L-5"))
                .add("e5", "U-1", new InteractionPayload.Order("r", "L-3", 1, 100))
                .add("e6", "U-1", new InteractionPayload.Click("r", "L-1"))
                .records();
    }

    @Test
    void keepsInteractedListingsNewestFirstWithoutImpressionsOrRepeats() {
        UserInterestProjection p = new UserInterestProjection();
        result(p.apply(log()));
        assertThat(p.recentListings("U-1")).containsExactly("L-1", "L-3", "L-2");
        assertThat(p.recentListings("U-2")).containsExactly("L-5");
        assertThat(p.recentListings("nobody")).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestUpToCapacity() {
        UserInterestProjection p = new UserInterestProjection(2);
        result(p.apply(log()));
        assertThat(p.recentListings("U-1")).containsExactly("L-1", "L-3");
    }

    @Test
    void duplicateEventIdsChangeNothing() {
        UserInterestProjection p = new UserInterestProjection();
        // e3 redelivered: applied again it would move L-2 to the front
        Redelivery.throughTheRunner(p, log().stream().map(LogRecord::event).toList(), List.of(log().get(2).event()));
        assertThat(p.recentListings("U-1")).containsExactly("L-1", "L-3", "L-2");
    }

    @Test
    void replayInOtherBatchSizesGivesTheSameState() {
        UserInterestProjection whole = new UserInterestProjection();
        result(whole.apply(log()));
        UserInterestProjection oneByOne = new UserInterestProjection();
        for (LogRecord r : log()) {
            result(oneByOne.apply(List.of(r)));
        }
        for (String user : List.of("U-1", "U-2")) {
            assertThat(oneByOne.recentListings(user)).isEqualTo(whole.recentListings(user));
        }
        assertThat(oneByOne.userCount()).isEqualTo(whole.userCount()).isEqualTo(2);
    }
}
