package io.mercator.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercator.events.payload.EventPayload;

import java.io.IOException;

/**
 * JSON wire form of events, shared by the log, the HTTP intake and the simulator.
 *
 * <p>{@link #parse(JsonNode)} is the lenient entry for untrusted input: it never throws and says
 * why an element is not an event. {@link #decode(byte[])} is for bytes the log already accepted.
 */
public final class EventCodec {

    /** Outcome of parsing one untrusted JSON element. */
    public sealed interface Parsed {
        /** The element is a well-formed event (its content is checked by the validation gate). */
        record Ok(Event event) implements Parsed {
        }

        /** The element is not an event; {@code id} is what it claimed, if anything. */
        record Bad(String id, String reason) implements Parsed {
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Per-thread encode buffers; the block a builder grew to is kept for the next event. */
    private static final ThreadLocal<ByteArrayBuilder> ENCODE_BUFFERS =
            ThreadLocal.withInitial(() -> new ByteArrayBuilder(4096));

    private EventCodec() {
    }

    /** The shared mapper, configured for the wire form. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Event e) {
        // streamed rather than built as a tree: encoding is on the append path of every event; the
        // builder is the thread's own, so a served list of twenty rows (10 KB) does not grow a new
        // chain of blocks each time, only the returned array is new
        ByteArrayBuilder out = ENCODE_BUFFERS.get();
        out.reset();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("type", e.type().wireName());
            g.writeNumberField("v", e.version());
            g.writeNumberField("ts", e.ts());
            g.writeStringField("key", e.key());
            g.writeFieldName("data");
            MAPPER.writeValue(g, e.data());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode event " + e.id(), ex);
        }
        return out.toByteArray();
    }

    public static ObjectNode toJson(Event e) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", e.id());
        node.put("type", e.type().wireName());
        node.put("v", e.version());
        node.put("ts", e.ts());
        node.put("key", e.key());
        node.set("data", MAPPER.valueToTree(e.data()));
        return node;
    }

    /** Decodes bytes that the log accepted earlier; a failure here means corruption. */
    public static Event decode(byte[] bytes) {
        try {
            Event fast = decodeStreaming(bytes);
            if (fast != null) {
                return fast;
            }
            Parsed p = parse(MAPPER.readTree(bytes));
            if (p instanceof Parsed.Ok ok) {
                return ok.event();
            }
            throw new IllegalStateException("stored event is not valid: " + ((Parsed.Bad) p).reason());
        } catch (IOException ex) {
            throw new IllegalStateException("stored event is not JSON", ex);
        }
    }

    /**
     * Fast path for bytes written by {@link #encode}: one streaming pass, no tree. Gives up (null)
     * when the fields are not in the order {@code encode} writes them, so the careful path decides.
     */
    private static Event decodeStreaming(byte[] bytes) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            String key = null;
            EventType type = null;
            int version = -1;
            long ts = Long.MIN_VALUE;
            EventPayload data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> id = p.getValueAsString();
                    case "key" -> key = p.getValueAsString();
                    case "type" -> type = EventType.fromWireName(p.getValueAsString()).orElse(null);
                    case "v" -> version = p.getValueAsInt(-1);
                    case "ts" -> ts = p.getValueAsLong(Long.MIN_VALUE);
                    case "data" -> {
                        if (type == null) {
                            return null;
                        }
                        data = MAPPER.readValue(p, type.payloadClass());
                    }
                    default -> p.skipChildren();
                }
            }
            if (id == null || key == null || type == null || data == null || ts == Long.MIN_VALUE
                    || version < 1 || version > type.currentVersion()) {
                return null;
            }
            return new Event(id, type, version, ts, key, data);
        } catch (com.fasterxml.jackson.databind.JsonMappingException ex) {
            return null;
        }
    }

    /** Parses one untrusted JSON element into an event, or says why it is not one. */
    public static Parsed parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Parsed.Bad(null, "an event must be a JSON object");
        }
        String id = text(node, "id");
        if (id == null || id.isBlank()) {
            return new Parsed.Bad(id, "missing id");
        }
        if (id.length() > 128) {
            return new Parsed.Bad(id.substring(0, 32) + "…", "id longer than 128 characters");
        }
        String typeName = text(node, "type");
        if (typeName == null) {
            return new Parsed.Bad(id, "missing type");
        }
        EventType type = EventType.fromWireName(typeName).orElse(null);
        if (type == null) {
            return new Parsed.Bad(id, "unknown type '" + abbreviate(typeName) + "'");
        }
        String key = text(node, "key");
        if (key == null || key.isBlank()) {
            return new Parsed.Bad(id, "missing key (the " + type.family().keyMeaning() + ")");
        }
        if (key.length() > 128) {
            return new Parsed.Bad(id, "key longer than 128 characters");
        }
        JsonNode v = node.get("v");
        int version = v == null ? type.currentVersion() : v.asInt(-1);
        if (v != null && !v.canConvertToInt() || version < 1 || version > type.currentVersion()) {
            return new Parsed.Bad(id, "unsupported schema version " + v + " for " + typeName
                    + " (supported: 1.." + type.currentVersion() + ")");
        }
        JsonNode ts = node.get("ts");
        if (ts == null || !ts.isIntegralNumber()) {
            return new Parsed.Bad(id, "missing or non-integer ts (epoch milliseconds)");
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            return new Parsed.Bad(id, "missing data object");
        }
        EventPayload payload;
        try {
            payload = MAPPER.treeToValue(data, type.payloadClass());
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            return new Parsed.Bad(id, "data does not fit " + typeName + ": " + describe(ex));
        }
        return new Parsed.Ok(new Event(id, type, version, ts.asLong(), key, payload));
    }

    private static String text(JsonNode node, String field) {
        JsonNode f = node.get(field);
        return f == null || !f.isTextual() ? null : f.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    /** Names the offending field first: Jackson's own first line only says which Java type failed. */
    private static String describe(Exception ex) {
        String message = ex instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : ex.getMessage();
        if (ex instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (!field.isEmpty()) {
                return "field '" + field + "': " + firstLine(message);
            }
        }
        return firstLine(message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return abbreviate(line.replaceAll("\\(class [^)]*\\)", "").trim());
    }
}
