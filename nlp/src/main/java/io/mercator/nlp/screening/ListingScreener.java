package io.mercator.nlp.screening;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.nlp.Finding;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.service.TextAnalysis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Analyses every listing's text as it is published or changed, and writes what it found as events:
 * {@code text.analyzed} (which a replay rebuilds from, never calling the text service again), a
 * {@code moderation.flagged} when the safety score is below the policy's line, and a hold when a
 * prohibited or diversion finding is confident enough.
 *
 * <p>When the text service is down (timeout, breaker open, stopped) the listing is served, marked
 * pending review with a {@code text.deferred}, and analysed in a later batch once the service is
 * back. Each text is analysed once in effect: a listing in flight or just written is not asked for
 * again, and every event has an id made of the listing and the text's hash, so a retry after a
 * crash writes events the projections already know and drop.
 */
public final class ListingScreener {

    private static final Logger LOG = LoggerFactory.getLogger(ListingScreener.class);

    private final ListingTexts texts;
    /** How many waiting texts one round marks pending review while analysis is down. */
    static final int DEFER_AT_MOST = 1_000;

    private final TextAnalysis analysis;
    private final EventLog log;
    private final ScreeningPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Texts being analysed now, or written and not yet seen by the projection: listing id to hash. */
    private final Map<String, String> busy = new ConcurrentHashMap<>();
    private volatile long pauseUntil;
    private volatile boolean running;

    public ListingScreener(ListingTexts texts, TextAnalysis analysis, EventLog log, ScreeningPolicy policy, Clock clock,
                           MeterRegistry meters) {
        this.texts = texts;
        this.analysis = analysis;
        this.log = log;
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("mercator.text.screening.waiting", texts, ListingTexts::waitingCount)
                .description("listings whose text waits for analysis").register(meters);
    }

    /**
     * Screens in the background: every {@code intervalMs}, while {@code live} says the projections
     * have caught up with the log, one batch after another until none waits.
     */
    public void start(Vertx vertx, long intervalMs, BooleanSupplier live) {
        vertx.setPeriodic(intervalMs, id -> {
            if (running || !live.getAsBoolean() || clock.millis() < pauseUntil) {
                return;
            }
            running = true;
            drain().onComplete(ar -> running = false);
        });
    }

    private Future<Void> drain() {
        return screenOnce().compose(n -> n > 0 && clock.millis() >= pauseUntil ? drain() : Future.succeededFuture());
    }

    /** Analyses one batch of waiting listings; completes with how many were analysed. */
    public Future<Integer> screenOnce() {
        busy.entrySet().removeIf(e -> texts.settled(e.getKey(), e.getValue()));
        List<ListingTexts.Text> batch = texts.waiting(policy.batchSize(), busy::containsKey);
        if (batch.isEmpty()) {
            return Future.succeededFuture(0);
        }
        batch.forEach(t -> busy.put(t.listingId(), t.hash()));
        List<TextInput> inputs = new ArrayList<>();
        for (ListingTexts.Text t : batch) {
            inputs.add(new TextInput(t.title(), TextInput.Context.LISTING_TITLE, t.listingId()));
            inputs.add(new TextInput(t.description() == null || t.description().isBlank() ? t.title() : t.description(),
                    TextInput.Context.LISTING_DESCRIPTION, t.listingId()));
        }
        return analysis.analyze(inputs).compose(reports -> {
            List<Event> events = new ArrayList<>();
            long now = clock.millis();
            for (int i = 0; i < batch.size(); i++) {
                ListingTexts.Text t = batch.get(i);
                boolean hasDescription = t.description() != null && !t.description().isBlank();
                events.addAll(eventsFor(t, reports.get(2 * i), hasDescription ? reports.get(2 * i + 1) : null, now));
            }
            return log.append(events).map(ack -> batch.size());
        }).recover(err -> {
            batch.forEach(t -> busy.remove(t.listingId()));
            pauseUntil = clock.millis() + policy.retryAfterMs();
            if (!(err instanceof TextAnalysis.Down)) {
                LOG.atWarn().addKeyValue("error", err.toString()).log("text screening batch failed");
                return Future.succeededFuture(0);
            }
            return defer(batch, err.getMessage());
        });
    }

    /**
     * Marks the batch pending review, and with it every other waiting text not marked yet (up to
     * {@link #DEFER_AT_MOST} a round): the next batch would be the same oldest listings again, so
     * marking only the batch would leave the rest served unmarked for as long as analysis is down.
     * Each text is marked once; all stay waiting for analysis.
     */
    private Future<Integer> defer(List<ListingTexts.Text> batch, String reason) {
        Map<String, ListingTexts.Text> marks = new LinkedHashMap<>();
        for (ListingTexts.Text t : batch) {
            if (!texts.deferred(t.listingId(), t.hash())) {
                marks.put(t.listingId(), t);
            }
        }
        for (ListingTexts.Text t : texts.waitingUndeferred(DEFER_AT_MOST, busy::containsKey)) {
            marks.putIfAbsent(t.listingId(), t);
        }
        List<Event> events = new ArrayList<>();
        long now = clock.millis();
        for (ListingTexts.Text t : marks.values()) {
            events.add(Event.of("text-deferred-" + t.listingId() + "-" + t.hash(), now, t.listingId(),
                    new TextPayload.Deferred(t.hash(), reason)));
        }
        Counter.builder("mercator.text.screening").tag("outcome", "deferred").register(meters).increment(events.size());
        if (events.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return log.append(events).map(ack -> 0).recover(e -> Future.succeededFuture(0));
    }

    /** The analysis of a listing (title, and description when it has one) as events. */
    List<Event> eventsFor(ListingTexts.Text t, TextReport title, TextReport description, long now) {
        Map<Finding.Kind, Double> scores = new LinkedHashMap<>();
        List<TextPayload.TextFinding> findings = new ArrayList<>();
        double safety = title.safetyScore();
        TextReport.Action action = title.action();
        add(title, "title", scores, findings);
        if (description != null) {
            add(description, "description", scores, findings);
            safety = Math.min(safety, description.safetyScore());
            action = action.compareTo(description.action()) >= 0 ? action : description.action();
        }
        boolean hold = policy.holdEnabled() && findings.stream().anyMatch(f ->
                (f.kind().equals("prohibited") || f.kind().equals("diversion")) && f.confidence() >= policy.holdAt());
        Map<String, Double> wireScores = new HashMap<>();
        scores.forEach((k, v) -> wireScores.put(k.wireName(), v));
        List<Event> events = new ArrayList<>();
        events.add(Event.of("text-analyzed-" + t.listingId() + "-" + t.hash(), now, t.listingId(),
                new TextPayload.Analyzed(t.hash(), safety, action.wireName(), title.lang().wireName(), wireScores,
                        findings, title.modelVersion(), hold)));
        Counter.builder("mercator.text.screening").tag("outcome", "analyzed").register(meters).increment();
        if (safety < policy.flagBelow()) {
            TextPayload.TextFinding worst = findings.stream()
                    .max(Comparator.comparingDouble(TextPayload.TextFinding::confidence)).orElse(null);
            String kind = worst == null ? "text" : worst.kind();
            String reason = worst == null ? "text safety score " + Math.round(safety * 100) / 100.0
                    : worst.kind() + " (" + worst.type() + ") in the " + worst.field();
            List<Map<String, Object>> evidence = new ArrayList<>();
            for (TextPayload.TextFinding f : findings) {
                evidence.add(Map.of("kind", f.kind(), "type", f.type(), "field", f.field(), "start", f.start(),
                        "end", f.end(), "evidence", f.evidence(), "confidence", f.confidence()));
            }
            events.add(Event.of("text-flag-" + t.listingId() + "-" + t.hash(), now, t.listingId(),
                    new ModerationPayload.Flagged(reason, 1 - safety, "text-analysis", kind,
                            Map.of("findings", evidence, "safety_score", safety, "held", hold,
                                    "model_version", title.modelVersion()))));
            Counter.builder("mercator.text.screening").tag("outcome", hold ? "held" : "flagged").register(meters).increment();
        }
        return events;
    }

    private static void add(TextReport r, String field, Map<Finding.Kind, Double> scores,
                            List<TextPayload.TextFinding> findings) {
        r.scores().forEach((k, v) -> scores.merge(k, v, Math::max));
        for (Finding f : r.findings()) {
            findings.add(new TextPayload.TextFinding(f.kind().wireName(), f.type(), field, f.start(), f.end(),
                    f.evidence(), f.confidence()));
        }
    }

    /** Listings analysed or deferred but not yet seen back from the log; for tests. */
    Set<String> busy() {
        return Set.copyOf(busy.keySet());
    }
}
