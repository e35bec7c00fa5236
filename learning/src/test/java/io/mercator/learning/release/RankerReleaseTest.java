package io.mercator.learning.release;

import io.mercator.release.ReleasePlan;
import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;
import io.mercator.release.ModelRelease;

import io.mercator.events.Event;
import io.mercator.events.EventType;
import io.mercator.events.payload.ModelPayload;
import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.lifecycle.CanaryAssignment;
import io.mercator.learning.lifecycle.CanaryJudge;
import io.mercator.learning.lifecycle.CanaryRouter;
import io.mercator.learning.lifecycle.InteractionMonitor;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.learning.lifecycle.ServedFeatureWindow;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.learning.registry.FileModelRegistry;
import io.mercator.learning.registry.ModelCard;
import io.mercator.learning.registry.ModelGate;
import io.mercator.learning.registry.RetrainingTrigger;
import io.mercator.learning.registry.Stage;
import io.mercator.learning.registry.StageTransition;
import io.mercator.learning.registry.TestModels;
import io.mercator.release.ReleaseLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ranker's shadow and blue-green releases on a real registry, real LightGBM models and a real event log. */
class RankerReleaseTest {

    private static TrainingSet set;
    private static TrainedModels blue;
    private static TrainedModels green;

    @TempDir
    Path dir;

    private ReleaseLog log;
    private ModelLifecycle lifecycle;
    private ShadowRunner runner;
    private ReleaseControl release;

    @BeforeAll
    static void train() {
        set = TestModels.twoDays(3);
        blue = TestModels.trained(set, TestModels.DAY);
        green = TestModels.trained(TestModels.twoDays(4), TestModels.DAY + 3_600_000L);
    }

    @AfterAll
    static void free() {
        blue.close();
        green.close();
    }

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        FileModelRegistry registry = new FileModelRegistry(dir.resolve("data"), clock);
        registry.register(blue, card(blue), Stage.PRODUCTION, "test", "blue");
        registry.register(green, card(green), Stage.ARCHIVED, "test", "green");
        lifecycle = new ModelLifecycle(registry,
                new CandidateTraining(registry, new ModelTrainer(), new ModelGate(ModelGate.Policy.defaults()), clock),
                new CanaryRouter(new CanaryAssignment(5)),
                new InteractionMonitor(new ServedFeatureWindow(set.featureNames(), 100)),
                new CanaryJudge(100, 0.05), new RetrainingTrigger(1_000, 0.2, 100), 0, clock);
        lifecycle.refreshServing();
        log = new ReleaseLog(dir.resolve("log"));
        runner = new ShadowRunner(64);
        release = RankerRelease.control(lifecycle, runner, new ReleaseEvents(log.log, clock), clock);
    }

    @AfterEach
    void stop() {
        runner.close();
        lifecycle.close();
        log.close();
    }

    private static ModelCard card(TrainedModels m) {
        return ModelCard.of(m.metadata(), 1L, "hash-" + m.models().version(), null, null);
    }

    private String blueVersion() {
        return blue.models().version();
    }

    private String greenVersion() {
        return green.models().version();
    }

    /** Serves {@code requests} requests of 30 rows each as the scorer does: production predicts, the shadow is told. */
    private void serve(int requests) {
        int width = set.width();
        for (int r = 0; r < requests; r++) {
            int count = 30;
            double[] rows = new double[count * width];
            for (int i = 0; i < count; i++) {
                set.copyFeatures(r * count + i, rows, i * width);
            }
            ClickModels served = lifecycle.router().forUser("buyer-" + r).orElseThrow();
            ClickModels.Predictions p = served.predict(rows, count);
            List<String> ids = IntStream.range(0, count).mapToObj(i -> "L-" + i).toList();
            lifecycle.router().shadow().served("req-" + r, served, rows, count, p, () -> ids);
        }
    }

    @Test
    void aShadowScoresEveryServedRequestBesideProductionLogsItAndIsNeverServed() {
        release.startShadow(greenVersion(), "ops", "compare before switching");
        serve(40);
        until(() -> {
            ShadowComparison.Snapshot s = release.status().shadow();
            return s.compared() + s.skipped() == 40;
        });
        ModelRelease.Status status = release.status();
        assertThat(status.plan().mode()).isEqualTo(ReleasePlan.Mode.SHADOW);
        assertThat(status.plan().live()).isEqualTo(blueVersion());
        assertThat(status.shadow().compared()).isPositive();
        // two models trained on different data agree on the order mostly, not exactly
        assertThat(status.shadow().meanRankCorrelation()).isBetween(0.0, 0.9999);
        assertThat(status.shadow().ksPValue()).isNotNull();
        // every buyer was still served by production
        assertThat(lifecycle.router().forUser("buyer-1").orElseThrow().version()).isEqualTo(blueVersion());

        until(() -> shadowEvents().size() == status.shadow().compared());
        ModelPayload.ShadowScored first = shadowEvents().getFirst();
        assertThat(first.champion()).isEqualTo(blueVersion());
        assertThat(first.candidate()).isEqualTo(greenVersion());
        assertThat(first.items()).hasSize(RankerShadow.LOGGED_ITEMS);
        // the logged champion scores are production's, highest first
        assertThat(first.championScores()).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        release.end("ops", "seen enough");
        serve(5);
        assertThat(release.status().shadow().compared()).isEqualTo(status.shadow().compared());
        assertThat(actions()).containsExactly("shadow_started", "ended");
    }

    @Test
    void blueGreenSwitchesAtOnceAndBackToTheSameLoadedModel() {
        ClickModels blueServing = lifecycle.router().forUser("anyone").orElseThrow();
        release.startBlueGreen(greenVersion(), "ops", "new features");
        assertThat(lifecycle.router().forUser("anyone").orElseThrow()).isSameAs(blueServing);

        release.switchOver("ops", "green looks right");
        ClickModels greenServing = lifecycle.router().forUser("anyone").orElseThrow();
        assertThat(greenServing.version()).isEqualTo(greenVersion());
        assertThat(lifecycle.registry().production().orElseThrow().version()).isEqualTo(greenVersion());
        assertThat(lifecycle.registry().history().getLast().action()).isEqualTo(StageTransition.Action.SWITCH);

        release.switchBack("ops", "CTR dropped");
        // the way back is the very booster that served before: nothing was reloaded
        assertThat(lifecycle.router().forUser("anyone").orElseThrow()).isSameAs(blueServing);
        assertThat(lifecycle.registry().production().orElseThrow().version()).isEqualTo(blueVersion());

        release.switchOver("ops", "again");
        release.end("ops", "green stays");
        assertThat(release.status().plan()).satisfies(p -> {
            assertThat(p.mode()).isEqualTo(ReleasePlan.Mode.NONE);
            assertThat(p.champion()).isEqualTo(greenVersion());
        });
        assertThat(lifecycle.router().forUser("anyone").orElseThrow()).isSameAs(greenServing);
        assertThat(actions()).containsExactly("blue_green_started", "switched", "switched_back", "switched", "ended");
        ModelPayload.ReleaseChanged last = releaseEvents().getLast();
        assertThat(last.live()).isEqualTo(greenVersion());
        assertThat(last.actor()).isEqualTo("ops");
    }

    @Test
    void transitionsOutOfTurnAreRefusedAndWriteNothing() {
        assertThatThrownBy(() -> release.switchOver("ops", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no blue-green release");
        assertThatThrownBy(() -> release.end("ops", "")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> release.startShadow("v-none", "ops", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ranker model version v-none");
        assertThatThrownBy(() -> release.startShadow(blueVersion(), "ops", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("champion already");
        release.startShadow(greenVersion(), "ops", "");
        assertThatThrownBy(() -> release.startBlueGreen(greenVersion(), "ops", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("end it first");
        assertThatThrownBy(() -> release.switchBack("ops", "")).isInstanceOf(IllegalStateException.class);
        assertThat(actions()).containsExactly("shadow_started");
    }

    private static void until(BooleanSupplier done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<Event> modelEvents() {
        return log.events().stream().filter(e -> e.type().family() == io.mercator.events.EventFamily.MODEL).toList();
    }

    private List<ModelPayload.ReleaseChanged> releaseEvents() {
        return modelEvents().stream().filter(e -> e.type() == EventType.MODEL_RELEASE)
                .map(e -> (ModelPayload.ReleaseChanged) e.data()).toList();
    }

    private List<String> actions() {
        return releaseEvents().stream().map(ModelPayload.ReleaseChanged::action).toList();
    }

    private List<ModelPayload.ShadowScored> shadowEvents() {
        return modelEvents().stream().filter(e -> e.type() == EventType.MODEL_SHADOW_SCORED)
                .map(e -> (ModelPayload.ShadowScored) e.data()).toList();
    }
}
