package io.mercator.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.mercator.events.payload.FeatureValues;
import io.mercator.events.payload.InteractionPayload;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static Event sample(EventType type) {
        Map.Entry<String, io.mercator.events.payload.EventPayload> e = TestEvents.everyType().get(type);
        return Event.of("id-" + type.name(), TestEvents.TS, e.getKey(), e.getValue());
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode validPublished() {
        return EventCodec.toJson(sample(EventType.LISTING_PUBLISHED));
    }

    private static EventCodec.Parsed.Bad bad(JsonNode node) {
        EventCodec.Parsed parsed = EventCodec.parse(node);
        assertThat(parsed).isInstanceOf(EventCodec.Parsed.Bad.class);
        return (EventCodec.Parsed.Bad) parsed;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeSurvivesEncodeAndDecode(EventType type) {
        Event event = sample(type);
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
        assertThat(EventCodec.parse(EventCodec.toJson(event))).isEqualTo(new EventCodec.Parsed.Ok(event));
    }

    @Test
    void eventsStoredBeforePricingPerImpressionStillDecode() {
        // a campaign and a served list as the log held them before CPM and sponsored items
        String campaign = "{\"id\":\"c\",\"type\":\"boost.campaign_started\",\"v\":1,\"ts\":" + TestEvents.TS
                + ",\"key\":\"L-1\",\"data\":{\"campaignId\":\"cmp-1\",\"budget\":500.0,\"bidPerClick\":4.0,"
                + "\"endsAt\":" + (TestEvents.TS + 1) + "}}";
        String list = "{\"id\":\"i\",\"type\":\"interaction.impressions\",\"v\":1,\"ts\":" + TestEvents.TS
                + ",\"key\":\"u\",\"data\":{\"requestId\":\"r\",\"surface\":\"feed\",\"modelVersion\":\"m\","
                + "\"device\":\"ios\",\"items\":[{\"listingId\":\"L-1\",\"position\":1}]}}";
        Event started = EventCodec.decode(campaign.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(started.data()).isEqualTo(new io.mercator.events.payload.BoostPayload.CampaignStarted("cmp-1", 500, 4,
                TestEvents.TS + 1));
        Event served = EventCodec.decode(list.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(((InteractionPayload.Impressions) served.data()).items()).singleElement()
                .satisfies(s -> {
                    assertThat(s.campaignId()).isNull();
                    assertThat(s.pctr()).isNull();
                });
    }

    @Test
    void wireFormHasTheDocumentedFields() {
        ObjectNode node = EventCodec.toJson(sample(EventType.CLICK));
        assertThat(node.get("type").asText()).isEqualTo("interaction.click");
        assertThat(node.get("v").asInt()).isEqualTo(1);
        assertThat(node.get("ts").asLong()).isEqualTo(TestEvents.TS);
        assertThat(node.get("key").asText()).isEqualTo(TestEvents.USER);
        assertThat(node.get("data").get("listingId").asText()).isEqualTo(TestEvents.LISTING);
    }

    @Test
    void aServedListWritesItsFeatureNamesOnceAndKeepsNonFiniteValues() {
        InteractionPayload.Impressions list = new InteractionPayload.Impressions("r-9", "search", "iphone", "ltr-7",
                "web", List.of("ctr_7d", "distance_km"), List.of(
                        new InteractionPayload.Impressions.Shown("L-1", 1, new double[] {0.5, Double.NaN}),
                        new InteractionPayload.Impressions.Shown("L-2", 2, new double[] {Double.POSITIVE_INFINITY, 3}),
                        new InteractionPayload.Impressions.Shown("L-3", 3, null)));
        Event event = Event.of("imps:r-9", TestEvents.TS, TestEvents.USER, list);

        ObjectNode node = EventCodec.toJson(event);
        assertThat(node.get("type").asText()).isEqualTo("interaction.impressions");
        assertThat(node.get("data").get("featureNames").toString()).isEqualTo("[\"ctr_7d\",\"distance_km\"]");
        assertThat(node.get("data").get("items").get(0).get("features").toString()).isEqualTo("[0.5,\"NaN\"]");
        Event back = EventCodec.decode(EventCodec.encode(event));
        assertThat(back).isEqualTo(event);
        InteractionPayload.Impressions read = back.payload(InteractionPayload.Impressions.class);
        assertThat(read.features(0).get("distance_km", 0)).isNaN();
        assertThat(read.features(1).get("ctr_7d", 0)).isInfinite();
        assertThat(read.features(2)).isNull();
        assertThat(read.impression(1)).isEqualTo(new InteractionPayload.Impression("r-9", "search", "iphone", "L-2", 2,
                "ltr-7", "web", FeatureValues.of(List.of("ctr_7d", "distance_km"),
                        new double[] {Double.POSITIVE_INFINITY, 3})));
    }

    @Test
    void aServedListWithRepeatedFeatureNamesOrANullItemIsRejected() {
        ObjectNode node = EventCodec.toJson(sample(EventType.IMPRESSIONS));
        ((com.fasterxml.jackson.databind.node.ArrayNode) node.with("data").get("featureNames")).add("ctr_7d");
        assertThat(bad(node).reason()).contains("data does not fit interaction.impressions");

        ObjectNode withNull = EventCodec.toJson(sample(EventType.IMPRESSIONS));
        ((com.fasterxml.jackson.databind.node.ArrayNode) withNull.with("data").get("items")).addNull();
        assertThat(bad(withNull).reason()).contains("data does not fit interaction.impressions");
    }

    @Test
    void aMissingVersionMeansTheCurrentOne() {
        ObjectNode node = validPublished();
        node.remove("v");
        EventCodec.Parsed parsed = EventCodec.parse(node);
        assertThat(parsed).isInstanceOf(EventCodec.Parsed.Ok.class);
        assertThat(((EventCodec.Parsed.Ok) parsed).event().version()).isEqualTo(1);
    }

    @Test
    void notAnObject() {
        assertThat(bad(json("{\"a\":[1,2]}").get("a")).reason()).contains("JSON object");
        assertThat(bad(null).reason()).contains("JSON object");
    }

    @Test
    void missingId() {
        ObjectNode node = validPublished();
        node.remove("id");
        EventCodec.Parsed.Bad bad = bad(node);
        assertThat(bad.reason()).isEqualTo("missing id");
        assertThat(bad.id()).isNull();
    }

    @Test
    void missingKeyNamesWhatTheKeyShouldBe() {
        ObjectNode node = validPublished();
        node.remove("key");
        EventCodec.Parsed.Bad bad = bad(node);
        assertThat(bad.reason()).contains("missing key").contains("listing id");
        assertThat(bad.id()).isEqualTo("id-LISTING_PUBLISHED");
    }

    @Test
    void unknownType() {
        ObjectNode node = validPublished();
        node.put("type", "listing.teleported");
        assertThat(bad(node).reason()).isEqualTo("unknown type 'listing.teleported'");
        node.remove("type");
        assertThat(bad(node).reason()).isEqualTo("missing type");
    }

    @Test
    void badVersion() {
        ObjectNode node = validPublished();
        node.put("v", 2);
        assertThat(bad(node).reason()).contains("unsupported schema version 2").contains("1..1");
        node.put("v", 0);
        assertThat(bad(node).reason()).contains("unsupported schema version");
        node.put("v", "one");
        assertThat(bad(node).reason()).contains("unsupported schema version");
    }

    @Test
    void missingOrNonIntegerTs() {
        ObjectNode node = validPublished();
        node.remove("ts");
        assertThat(bad(node).reason()).contains("ts");
        node.put("ts", "yesterday");
        assertThat(bad(node).reason()).contains("ts");
        node.put("ts", 1.5);
        assertThat(bad(node).reason()).contains("ts");
    }

    @Test
    void missingData() {
        ObjectNode node = validPublished();
        node.remove("data");
        assertThat(bad(node).reason()).isEqualTo("missing data object");
        node.put("data", "text");
        assertThat(bad(node).reason()).isEqualTo("missing data object");
    }

    @Test
    void aMissingPriceIsRejectedNotReadAsZero() {
        ObjectNode node = validPublished();
        ((ObjectNode) node.get("data")).remove("price");
        EventCodec.Parsed.Bad bad = bad(node);
        assertThat(bad.reason()).startsWith("data does not fit listing.published").contains("price");
    }

    @Test
    void aNullPrimitiveIsRejected() {
        ObjectNode node = validPublished();
        ((ObjectNode) node.get("data")).putNull("stock");
        assertThat(bad(node).reason()).contains("stock");
    }

    @Test
    void aWronglyTypedFieldIsRejected() {
        ObjectNode node = validPublished();
        ((ObjectNode) node.get("data")).put("price", "cheap");
        assertThat(bad(node).reason()).startsWith("data does not fit listing.published").contains("price");

        ObjectNode click = EventCodec.toJson(sample(EventType.CLICK));
        ((ObjectNode) click.get("data")).putObject("listingId").put("nested", true);
        assertThat(bad(click).reason()).contains("listingId");
    }

    @Test
    void overlongIdsAndKeysAreRejected() {
        ObjectNode node = validPublished();
        node.put("key", "k".repeat(129));
        assertThat(bad(node).reason()).contains("key longer than 128");
        node.put("id", "i".repeat(129));
        assertThat(bad(node).reason()).contains("id longer than 128");
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode node = validPublished();
        node.put("traceId", "abc");
        ((ObjectNode) node.get("data")).put("colour", "blue");
        assertThat(EventCodec.parse(node)).isInstanceOf(EventCodec.Parsed.Ok.class);
    }

    @Test
    void decodeRefusesBytesThatAreNotAStoredEvent() {
        assertThatThrownBy(() -> EventCodec.decode("{\"id\":\"x\"}".getBytes()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not valid");
        assertThatThrownBy(() -> EventCodec.decode("{not json".getBytes()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not JSON");
    }

    @Test
    void eventRefusesAPayloadOfAnotherType() {
        assertThatThrownBy(() -> new Event("x", EventType.CLICK, 1, TestEvents.TS, "k", TestEvents.published()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
