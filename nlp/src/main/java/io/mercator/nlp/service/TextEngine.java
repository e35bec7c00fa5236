package io.mercator.nlp.service;

import io.mercator.nlp.Finding;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.TextAnalyzer;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.model.TextFeatures;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.prohibited.ProhibitedLexicon;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.IntentClassifier;
import io.mercator.nlp.reply.ListingFacts;
import io.mercator.nlp.reply.ReplyTemplates;
import io.mercator.nlp.reply.TemplateUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;

/**
 * The text models at work: analysis and reply suggestions with the version loaded now. Until a
 * version is loaded it refuses with the reason ({@link Unavailable}), never with an invented
 * score. Plain and blocking: the nlp verticle runs it on its worker pool.
 *
 * <p>Meters: {@code mercator.text.analysis} (time per text), {@code mercator.text.findings}
 * (kind, type), {@code mercator.text.actions} (action), {@code mercator.text.replies} (intent).
 */
public final class TextEngine {

    /** Text analysis cannot answer, and why (503). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A version ready to serve: its analyzer and auto-reply, built once ({@link #prepare}) so a swap is instant. */
    public record Serving(TextModels models, TextAnalyzer analyzer, AutoReply replies) {
        public String version() {
            return models.version();
        }
    }

    private final SafetyPolicy policy;
    private final TemplateUsage usage;
    private final ReplyTemplates templates = new ReplyTemplates();
    private final MeterRegistry meters;
    private final Timer analysisTime;
    private volatile Serving loaded;
    private volatile TextShadow shadow;
    private volatile String notLoadedBecause = "text models are loading";

    public TextEngine(SafetyPolicy policy, TemplateUsage usage, MeterRegistry meters) {
        this.policy = policy;
        this.usage = usage;
        this.meters = meters;
        this.analysisTime = Timer.builder("mercator.text.analysis").description("time to analyse one text")
                .publishPercentileHistogram().register(meters);
    }

    /** Serves this version from now on. */
    public void load(TextModels models) {
        serve(prepare(models));
    }

    /** Builds what serving {@code models} takes, without serving it. */
    public Serving prepare(TextModels models) {
        TextFeatures features = new TextFeatures(models.words(), new ProhibitedLexicon());
        return new Serving(models, new TextAnalyzer(models, policy),
                new AutoReply(new IntentClassifier(models, features), templates, usage::uses));
    }

    /** Serves a prepared version from the next text on: one reference swap. */
    public void serve(Serving serving) {
        loaded = java.util.Objects.requireNonNull(serving, "serving");
    }

    /** What serves now, or null. */
    public Serving serving() {
        return loaded;
    }

    /** From now on each analysed batch is shown to {@code shadow} after it is answered; null stops it. */
    public void shadowWith(TextShadow shadow) {
        this.shadow = shadow;
    }

    /** Why nothing is served (no model trained, the shared data missing...), until a version loads. */
    public void notLoaded(String reason) {
        notLoadedBecause = reason;
    }

    public boolean ready() {
        return loaded != null;
    }

    /** The version served, or null. */
    public String modelVersion() {
        Serving l = loaded;
        return l == null ? null : l.analyzer().modelVersion();
    }

    public List<TextReport> analyze(List<TextInput> texts) {
        Serving l = current();
        List<TextReport> out = new ArrayList<>(texts.size());
        for (TextInput t : texts) {
            long start = System.nanoTime();
            TextReport r = l.analyzer().analyze(t);
            analysisTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            Counter.builder("mercator.text.actions").tag("action", r.action().wireName()).register(meters).increment();
            for (Finding f : r.findings()) {
                Counter.builder("mercator.text.findings").tag("kind", f.kind().wireName()).tag("type", f.type())
                        .register(meters).increment();
            }
            out.add(r);
        }
        TextShadow s = shadow;
        if (s != null) {
            s.served(texts, out);
        }
        return out;
    }

    public AutoReply.Replies suggest(String message, ListingFacts facts) {
        AutoReply.Replies r = current().replies().suggest(message, facts);
        Counter.builder("mercator.text.replies").tag("intent", r.intent()).register(meters).increment();
        return r;
    }

    private Serving current() {
        Serving l = loaded;
        if (l == null) {
            throw new Unavailable(notLoadedBecause);
        }
        return l;
    }
}
