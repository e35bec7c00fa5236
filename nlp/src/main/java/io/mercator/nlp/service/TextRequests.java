package io.mercator.nlp.service;

import io.mercator.nlp.TextInput;
import io.mercator.nlp.reply.ListingFacts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks the bodies of {@code POST /analyze-text} and {@code POST /auto-reply}; a bad one
 * is a {@link Bad} with the reason a client can act on.
 */
public final class TextRequests {

    public static final int MAX_CHARS = 10_000;
    public static final int MAX_ITEMS = 100;
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private TextRequests() {
    }

    /** A request that cannot be served, and why (400). */
    public static final class Bad extends RuntimeException {
        public Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The texts of an analyze request: {@code {"text", "context", "listing_id"}} or {@code {"items": [...]}}. */
    public record Analyze(List<TextInput> texts, boolean batch) {
    }

    public static Analyze analyze(Buffer body) {
        return analyze(json(body));
    }

    /** As {@link #analyze(Buffer)}, for a body already parsed (the event bus carries objects). */
    public static Analyze analyze(JsonObject json) {
        if (json.containsKey("items")) {
            Object items = json.getValue("items");
            if (!(items instanceof JsonArray array)) {
                throw new Bad("items must be an array of {text, context, listing_id}");
            }
            if (array.isEmpty()) {
                throw new Bad("items must not be empty");
            }
            if (array.size() > MAX_ITEMS) {
                throw new Bad("at most " + MAX_ITEMS + " items per call, not " + array.size());
            }
            List<TextInput> texts = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.getValue(i) instanceof JsonObject item)) {
                    throw new Bad("items[" + i + "] must be an object");
                }
                try {
                    texts.add(input(item));
                } catch (Bad e) {
                    throw new Bad("items[" + i + "]: " + e.getMessage());
                }
            }
            return new Analyze(List.copyOf(texts), true);
        }
        return new Analyze(List.of(input(json)), false);
    }

    /** A reply request: the buyer's message, the listing it is about, and (from the service, not clients) its facts. */
    public record Reply(String message, String listingId, ListingFacts facts) {
    }

    public static Reply reply(Buffer body) {
        return reply(json(body));
    }

    /** As {@link #reply(Buffer)}, for a body already parsed. */
    public static Reply reply(JsonObject json) {
        String message = text(json, "message");
        Object listing = json.getValue("listing_id");
        if (listing != null && !(listing instanceof String)) {
            throw new Bad("listing_id must be a string");
        }
        Object facts = json.getValue("listing");
        if (facts != null && !(facts instanceof JsonObject)) {
            throw new Bad("listing must be an object of facts");
        }
        return new Reply(message, (String) listing, TextJson.facts((JsonObject) facts));
    }

    private static TextInput input(JsonObject json) {
        String text = text(json, "text");
        Object context = json.getValue("context", "listing_description");
        if (!(context instanceof String c)) {
            throw new Bad("context must be listing_title, listing_description or chat");
        }
        TextInput.Context parsed;
        try {
            parsed = TextInput.Context.fromWire(c);
        } catch (IllegalArgumentException e) {
            throw new Bad(e.getMessage());
        }
        Object listing = json.getValue("listing_id");
        if (listing != null && !(listing instanceof String)) {
            throw new Bad("listing_id must be a string");
        }
        return new TextInput(text, parsed, (String) listing);
    }

    private static String text(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw new Bad(field + " is required");
        }
        if (!(value instanceof String s)) {
            throw new Bad(field + " must be a string");
        }
        if (s.isBlank()) {
            throw new Bad(field + " must not be empty");
        }
        if (s.length() > MAX_CHARS) {
            throw new Bad(field + " is " + s.length() + " characters; at most " + MAX_CHARS);
        }
        return s;
    }

    private static JsonObject json(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new Bad("the body must be a JSON object");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes()));
        } catch (CharacterCodingException e) {
            throw new Bad("the body is not valid UTF-8");
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw new Bad("the body is not JSON");
        }
        throw new Bad("the body must be a JSON object");
    }
}
