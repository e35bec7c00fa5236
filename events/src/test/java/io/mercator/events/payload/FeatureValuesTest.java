package io.mercator.events.payload;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The served feature row of an impression: its JSON form, and what decoding shares. */
class FeatureValuesTest {

    private static final List<String> NAMES = List.of("price", "distance_km", "ctr_1h");

    private static Event impression(String id, FeatureValues features) {
        return Event.of(id, 1_700_000_000_000L, "U-1",
                new InteractionPayload.Impression("r-1", "feed", null, "L-1", 1, "m-1", "ios", features));
    }

    private static FeatureValues roundTrip(Event e) {
        return EventCodec.decode(EventCodec.encode(e)).payload(InteractionPayload.Impression.class).features();
    }

    @Test
    void onTheWireItIsAPlainObjectInRowOrderAndNonFiniteValuesAreStrings() {
        FeatureValues f = FeatureValues.of(NAMES, new double[] {9000, Double.NaN, 0.25});
        String json = new String(EventCodec.encode(impression("e-1", f)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"features\":{\"price\":9000.0,\"distance_km\":\"NaN\",\"ctr_1h\":0.25}");
        FeatureValues decoded = roundTrip(impression("e-1", f));
        assertThat(decoded).isEqualTo(f);
        assertThat(decoded.get("distance_km", 0)).isNaN();
    }

    @Test
    void impressionsOfOneFeatureSetShareOneNameList() {
        FeatureValues a = roundTrip(impression("e-1", FeatureValues.of(NAMES, new double[] {1, 2, 3})));
        FeatureValues b = roundTrip(impression("e-2", FeatureValues.of(NAMES, new double[] {4, 5, 6})));

        assertThat(a.names()).isSameAs(b.names());
        assertThat(b.value(2)).isEqualTo(6);
    }

    @Test
    void aRowInAnotherOrderTakesValuesByNameAndNaNForWhatIsMissing() {
        FeatureValues f = FeatureValues.of(Map.of("price", 100.0));
        float[] row = f.row(List.of("ctr_1h", "price"));
        assertThat(row[0]).isNaN();
        assertThat(row[1]).isEqualTo(100f);
        assertThat(FeatureValues.of(NAMES, new double[] {1, 2, 3}).row(NAMES)).containsExactly(1f, 2f, 3f);
    }

    @Test
    void aRowCanBeWrittenIntoAnArrayOfTheRightLengthOnly() {
        float[] slot = {9f, 9f};
        float[] row = FeatureValues.of(Map.of("price", 100.0)).rowInto(List.of("ctr_1h", "price"), slot);
        assertThat(row).isSameAs(slot);
        assertThat(slot[0]).isNaN();
        assertThat(slot[1]).isEqualTo(100f);
        assertThatThrownBy(() -> FeatureValues.of(NAMES, new double[] {1, 2, 3}).rowInto(NAMES, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 names");
    }

    @Test
    void aValueThatIsNotANumberIsAnInvalidEventNamingTheFeature() {
        var node = EventCodec.toJson(impression("e-1", FeatureValues.of(NAMES, new double[] {1, 2, 3})));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("data").get("features")).put("price", "cheap");

        EventCodec.Parsed parsed = EventCodec.parse(node);

        assertThat(parsed).isInstanceOf(EventCodec.Parsed.Bad.class);
        assertThat(((EventCodec.Parsed.Bad) parsed).reason()).contains("price");
    }

    @Test
    void namesMustMatchValuesAndNotRepeat() {
        assertThatThrownBy(() -> FeatureValues.of(NAMES, new double[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureValues.of(List.of("a", "a"), new double[] {1, 2}))
                .hasMessageContaining("repeat");
    }
}
