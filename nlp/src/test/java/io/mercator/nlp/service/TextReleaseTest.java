package io.mercator.nlp.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mercator.events.payload.ModelPayload;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.model.SharedTextData;
import io.mercator.nlp.model.TextModelCard;
import io.mercator.nlp.model.TextModelStore;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.reply.TemplateUsage;
import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ReleaseLog;
import io.mercator.release.ReleasePlan;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The text models' shadow and blue-green releases on a real registry directory and a real event
 * log. The candidate is the same trained weights registered under a second version: the shadow
 * must then agree exactly, and a switch shows in every report's model version at once.
 */
class TextReleaseTest {

    private static final List<TextInput> TEXTS = List.of(
            new TextInput("iPhone 13 สภาพดี แบต 90% ทักไลน์ shop99 ได้เลย", TextInput.Context.LISTING_DESCRIPTION, "L-1"),
            new TextInput("Nike Air Max size 42, worn twice", TextInput.Context.LISTING_TITLE, "L-2"),
            new TextInput("ขายบุหรี่ไฟฟ้า พอต ส่งฟรี", TextInput.Context.LISTING_TITLE, "L-3"));

    @TempDir
    Path dir;

    @Test
    void aShadowAgreesWithItsOwnWeightsAndBlueGreenSwitchesEveryReportAtOnce() throws Exception {
        assumeTrue(SharedTextData.present(), "the public text sets are not in ../shared/data");
        TextModels blue = SharedTextData.models();
        TextModelCard c = blue.card();
        String greenVersion = "t-20261207000000-0000beef";
        TextModels green = new TextModels(new TextModelCard(greenVersion, c.trainedAtMillis(), c.codeVersion(), c.data(),
                c.parameters(), c.heldOut()), blue.offensiveEn(), blue.offensiveTh(), blue.spam(), blue.prohibited(),
                blue.intent(), blue.diversion(), blue.words());
        TextModelStore store = new TextModelStore(dir.resolve("data"));
        store.registerAsProduction(green);
        store.registerAsProduction(blue);
        TextEngine engine = new TextEngine(SafetyPolicy.DEFAULT, new TemplateUsage(), new SimpleMeterRegistry());
        engine.load(blue);

        try (ReleaseLog log = new ReleaseLog(dir.resolve("log")); ShadowRunner runner = new ShadowRunner(16)) {
            ReleaseControl release = TextRelease.control(engine, store, runner, new ReleaseEvents(log.log, Clock.systemUTC()),
                    Clock.systemUTC());
            assertThat(release.status().versions()).contains(blue.version(), greenVersion);

            release.startShadow(greenVersion, "ops", "same weights, new name");
            List<String> served = engine.analyze(TEXTS).stream().map(r -> r.modelVersion()).distinct().toList();
            assertThat(served).containsExactly(blue.version());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (release.status().shadow().compared() + release.status().shadow().skipped() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ShadowComparison.Snapshot s = release.status().shadow();
            assertThat(s.compared()).isEqualTo(1);
            assertThat(s.meanRankCorrelation()).isEqualTo(1.0);
            assertThat(s.meanAbsDifference()).isZero();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (log.shadowScored().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ModelPayload.ShadowScored scored = log.shadowScored().getFirst();
            assertThat(scored.items()).containsExactly("L-1:listing_description", "L-2:listing_title", "L-3:listing_title");
            assertThat(scored.candidate()).isEqualTo(greenVersion);
            // the texts themselves never reach the log
            assertThat(log.events().toString()).doesNotContain("shop99").doesNotContain("บุหรี่");
            release.end("ops", "agrees");

            release.startBlueGreen(greenVersion, "ops", "switch");
            release.switchOver("ops", "go");
            assertThat(engine.analyze(TEXTS)).allMatch(r -> r.modelVersion().equals(greenVersion));
            assertThat(store.productionVersion()).contains(greenVersion);
            release.switchBack("ops", "back");
            assertThat(engine.analyze(TEXTS)).allMatch(r -> r.modelVersion().equals(blue.version()));
            assertThat(store.productionVersion()).contains(blue.version());
            release.end("ops", "blue stays");
            assertThat(release.status().plan().mode()).isEqualTo(ReleasePlan.Mode.NONE);
            assertThat(log.releaseActions()).containsExactly("shadow_started", "ended", "blue_green_started", "switched",
                    "switched_back", "ended");
        }
    }
}
