package io.mercator.nlp.service;

import io.mercator.nlp.Finding;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.mercator.nlp.text.Lang;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wire form of text analysis, the same over HTTP and the event bus: reports, replies, and the
 * requests that carry texts and listing facts. Field names are the ones clients rely on.
 */
public final class TextJson {

    private TextJson() {
    }

    public static JsonObject report(TextReport r) {
        JsonObject scores = new JsonObject();
        for (Finding.Kind k : Finding.Kind.values()) {
            scores.put(k.wireName(), round(r.score(k)));
        }
        JsonArray findings = new JsonArray();
        for (Finding f : r.findings()) {
            findings.add(new JsonObject().put("kind", f.kind().wireName()).put("type", f.type()).put("start", f.start())
                    .put("end", f.end()).put("evidence", f.evidence()).put("confidence", round(f.confidence())));
        }
        JsonObject sources = new JsonObject();
        r.sources().forEach((k, v) -> sources.put(k.wireName(), v));
        return new JsonObject().put("safety_score", round(r.safetyScore())).put("action", r.action().wireName())
                .put("lang", r.lang().wireName()).put("scores", scores).put("findings", findings)
                .put("model_version", r.modelVersion()).put("score_sources", sources);
    }

    public static TextReport report(JsonObject j) {
        Map<Finding.Kind, Double> scores = new EnumMap<>(Finding.Kind.class);
        JsonObject s = j.getJsonObject("scores", new JsonObject());
        for (Finding.Kind k : Finding.Kind.values()) {
            scores.put(k, s.getDouble(k.wireName(), 0.0));
        }
        List<Finding> findings = new ArrayList<>();
        for (Object o : j.getJsonArray("findings", new JsonArray())) {
            JsonObject f = (JsonObject) o;
            findings.add(new Finding(Finding.Kind.valueOf(f.getString("kind").toUpperCase(Locale.ROOT)), f.getString("type"),
                    f.getInteger("start"), f.getInteger("end"), f.getString("evidence"), f.getDouble("confidence", 0.0)));
        }
        Map<Finding.Kind, String> sources = new EnumMap<>(Finding.Kind.class);
        j.getJsonObject("score_sources", new JsonObject()).forEach(e ->
                sources.put(Finding.Kind.valueOf(e.getKey().toUpperCase(Locale.ROOT)), String.valueOf(e.getValue())));
        return new TextReport(j.getDouble("safety_score"), TextReport.Action.valueOf(j.getString("action").toUpperCase(Locale.ROOT)),
                Lang.valueOf(j.getString("lang").toUpperCase(Locale.ROOT)), scores, findings, j.getString("model_version"), sources);
    }

    /** The reports of an analyze answer, {@code {"results": [...]}}, in order. */
    public static List<TextReport> reports(JsonObject answer) {
        List<TextReport> out = new ArrayList<>();
        answer.getJsonArray("results").forEach(o -> out.add(report((JsonObject) o)));
        return out;
    }

    /** A reply request as the text service reads it: the message, the listing, and its facts when the caller knows them. */
    public static JsonObject replyRequest(String message, String listingId, ListingFacts facts) {
        return new JsonObject().put("message", message).put("listing_id", listingId).put("listing", facts(facts));
    }

    public static JsonObject inputs(List<TextInput> texts) {
        JsonArray items = new JsonArray();
        for (TextInput t : texts) {
            items.add(new JsonObject().put("text", t.text()).put("context", t.context().wireName()).put("listing_id", t.listingId()));
        }
        return new JsonObject().put("items", items);
    }

    public static JsonObject replies(AutoReply.Replies r) {
        JsonArray suggestions = new JsonArray();
        r.suggestions().forEach(s -> suggestions.add(new JsonObject().put("text", s.text()).put("intent", s.intent())
                .put("template_id", s.templateId())));
        return new JsonObject().put("intent", r.intent()).put("intent_probability", round(r.probability()))
                .put("lang", r.lang()).put("suggestions", suggestions);
    }

    public static AutoReply.Replies replies(JsonObject j) {
        List<AutoReply.Suggestion> suggestions = new ArrayList<>();
        for (Object o : j.getJsonArray("suggestions", new JsonArray())) {
            JsonObject s = (JsonObject) o;
            suggestions.add(new AutoReply.Suggestion(s.getString("text"), s.getString("intent"), s.getString("template_id")));
        }
        return new AutoReply.Replies(j.getString("intent"), j.getDouble("intent_probability", 0.0), j.getString("lang"), suggestions);
    }

    public static JsonObject facts(ListingFacts f) {
        return f == null ? null : new JsonObject().put("title", f.title()).put("price", f.price()).put("stock", f.stock())
                .put("province", f.province()).put("condition", f.condition());
    }

    public static ListingFacts facts(JsonObject j) {
        return j == null ? null : new ListingFacts(j.getString("title"), j.getDouble("price"), j.getInteger("stock"),
                j.getString("province"), j.getString("condition"));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
