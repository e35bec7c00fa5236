package io.mercator.nlp.service;

import io.mercator.nlp.Finding;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.model.SharedTextData;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.mercator.nlp.reply.TemplateUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link TextAnalysis} must do, whether the text service runs in this process (event
 * bus) or as its own deployment (HTTP): the same reports in the order sent, spans into the text as
 * sent, the same refusals of bad input, replies with the facts given, and {@link TextAnalysis.Down}
 * (never an invented score) when no model is loaded or the service is gone.
 */
public abstract class TextAnalysisContract {

    protected Vertx vertx;
    protected TextEngine engine;
    private TextAnalysis analysis;

    /** Starts the text service around {@code engine} and answers a client of it. */
    protected abstract TextAnalysis start(Vertx vertx, TextEngine engine) throws Exception;

    /** Stops the text service as a crash would; the client stays. */
    protected abstract void stopService() throws Exception;

    @BeforeEach
    void startService() throws Exception {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        vertx = Vertx.vertx();
        engine = new TextEngine(SafetyPolicy.DEFAULT, new TemplateUsage(), new SimpleMeterRegistry());
        engine.load(SharedTextData.models());
        analysis = start(vertx, engine);
    }

    @AfterEach
    void stopVertx() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a result");
    }

    @Test
    void answersOneReportPerTextInOrderWithSpansIntoTheTextAsSent() throws Exception {
        String contact = "ไลน์ s h o p 9 9 โทร ๐๘๑-๒๓๔-๕๖๗๘";
        String clean = "ขายกระเป๋ามือสอง สภาพดี ส่งฟรี";
        List<TextReport> reports = await(analysis.analyze(List.of(
                new TextInput(contact, TextInput.Context.CHAT, null),
                new TextInput(clean, TextInput.Context.LISTING_DESCRIPTION, "L-1"))));

        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).action()).isEqualTo(TextReport.Action.BLOCK);
        assertThat(reports.get(0).findings()).extracting(Finding::type).contains("line_id", "phone");
        for (Finding f : reports.get(0).findings()) {
            assertThat(contact.substring(f.start(), f.end())).isEqualTo(f.evidence());
        }
        assertThat(reports.get(1).findings()).isEmpty();
        assertThat(reports.get(1).action()).isEqualTo(TextReport.Action.ALLOW);
        assertThat(reports).extracting(TextReport::modelVersion).containsOnly(engine.modelVersion());
    }

    @Test
    void refusesATextTooLongWithTheReason() throws Exception {
        Throwable e = failure(analysis.analyze(List.of(new TextInput("ก".repeat(10_001), TextInput.Context.CHAT, null))));
        assertThat(e).isInstanceOf(TextRequests.Bad.class).hasMessageContaining("at most 10000");
    }

    @Test
    void suggestsRepliesWithTheFactsGivenAndWithoutFactsWhenNoneAreKnown() throws Exception {
        ListingFacts facts = new ListingFacts("iPhone 13", 12_500.0, 2, "Chiang Mai", "good");
        AutoReply.Replies priced = await(analysis.suggest("ลดได้อีกไหมครับ ราคาสุดท้ายเท่าไหร่", "L-1", facts));
        assertThat(priced.intent()).isEqualTo("price_negotiation");
        assertThat(priced.lang()).isEqualTo("th");
        assertThat(priced.suggestions()).hasSize(3);
        assertThat(priced.suggestions()).anySatisfy(s -> assertThat(s.text()).contains("12,500"));

        AutoReply.Replies unknown = await(analysis.suggest("Is it still available?", null, null));
        assertThat(unknown.intent()).isEqualTo("availability");
        assertThat(unknown.lang()).isEqualTo("en");
        assertThat(unknown.suggestions()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.text()).doesNotContain("{").doesNotContain("12,500"));
    }

    @Test
    void isDownWithTheReasonWhileNoModelIsLoaded() throws Exception {
        TextEngine empty = new TextEngine(SafetyPolicy.DEFAULT, new TemplateUsage(), new SimpleMeterRegistry());
        empty.notLoaded("text models are training (first start)");
        stopService();
        TextAnalysis unloaded = start(vertx, empty);

        Throwable e = failure(unloaded.analyze(List.of(new TextInput("สวัสดี", TextInput.Context.CHAT, null))));
        assertThat(e).isInstanceOf(TextAnalysis.Down.class).hasMessageContaining("training");
    }

    @Test
    void isDownWhenTheServiceIsGone() throws Exception {
        stopService();
        Throwable e = failure(analysis.analyze(List.of(new TextInput("สวัสดี", TextInput.Context.CHAT, null))));
        assertThat(e).isInstanceOf(TextAnalysis.Down.class);
        assertThat(failure(analysis.suggest("hello", null, null))).isInstanceOf(TextAnalysis.Down.class);
    }
}
