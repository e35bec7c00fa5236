package io.mercator.vision.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mercator.events.payload.ModelPayload;
import io.mercator.release.ReleaseControl;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ReleaseLog;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;
import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.category.CategoryHeadTrainer;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.model.ModelFiles;
import io.mercator.vision.quality.PhotoQualityMeter;
import io.mercator.vision.safety.ImageSafetyPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image models' shadow and blue-green releases with the real backbone on real clothing photos:
 * two category heads trained on different halves of the same classes' photos, a real registry
 * directory and a real event log.
 */
class ImageReleaseTest {

    private static final List<String> CLASSES = List.of("hat", "pants", "shoes");

    @TempDir
    Path dir;

    @Test
    void theShadowHeadScoresTheLiveFeaturesAndBlueGreenSwitchesTheHead() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        try (ImageBackbone backbone = ImageBackbone.load(ModelFiles.modelsDir());
             ReleaseLog log = new ReleaseLog(dir.resolve("log")); ShadowRunner runner = new ShadowRunner(16)) {
            List<CategoryHeadTrainer.Example> first = new ArrayList<>();
            List<CategoryHeadTrainer.Example> second = new ArrayList<>();
            List<byte[]> served = new ArrayList<>();
            for (String label : CLASSES) {
                List<Path> photos;
                try (Stream<Path> files = Files.list(ModelFiles.clothing().resolve("train").resolve(label))) {
                    photos = files.sorted().limit(9).toList();
                }
                for (int i = 0; i < photos.size(); i++) {
                    byte[] bytes = Files.readAllBytes(photos.get(i));
                    if (i == 8) {
                        served.add(bytes);
                        continue;
                    }
                    float[] f = backbone.run(List.of(decoder.decode(bytes).rgb())).getFirst().features();
                    (i % 2 == 0 ? first : second).add(new CategoryHeadTrainer.Example(label, f));
                }
            }
            CategoryHead blue = CategoryHeadTrainer.train(first, second).head();
            CategoryHead green = CategoryHeadTrainer.train(second, first).head();
            CategoryHeadStore store = new CategoryHeadStore(dir.resolve("data"));
            store.registerAsProduction("v-20261207000001-0000000b", blue, null, Map.of("note", "blue"));
            store.registerAsProduction("v-20261207000002-0000000c", green, null, Map.of("note", "green"));
            store.registerAsProduction("v-20261207000001-0000000b", blue, null, Map.of("note", "blue"));
            VisionEngine engine = new VisionEngine(new SimpleMeterRegistry());
            engine.load(new ImageAnalyzer(decoder, new PhotoQualityMeter(), backbone, blue, "v-20261207000001-0000000b",
                    ImageSafetyPolicy.DEFAULT));
            ReleaseControl release = ImageRelease.control(engine, store, runner,
                    new ReleaseEvents(log.log, Clock.systemUTC()), Clock.systemUTC());
            assertThat(release.status().versions()).containsExactly("v-20261207000001-0000000b", "v-20261207000002-0000000c");

            release.startShadow("v-20261207000002-0000000c", "ops", "a head trained on other photos");
            for (byte[] photo : served) {
                assertThat(engine.analyze(photo).modelVersion()).startsWith("v-20261207000001-0000000b");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (log.shadowScored().size() < served.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ShadowComparison.Snapshot s = release.status().shadow();
            assertThat(s.compared()).isEqualTo(served.size());
            // two heads trained on different photos of the same classes: they order the classes alike, not identically
            assertThat(s.meanRankCorrelation()).isGreaterThan(0.0);
            assertThat(s.meanAbsDifference()).isPositive();
            ModelPayload.ShadowScored scored = log.shadowScored().getFirst();
            assertThat(scored.items()).containsExactlyInAnyOrderElementsOf(CLASSES);
            assertThat(scored.requestId()).startsWith("photo-").hasSize("photo-".length() + 64);
            release.end("ops", "seen");

            release.startBlueGreen("v-20261207000002-0000000c", "ops", "switch");
            release.switchOver("ops", "go");
            assertThat(engine.analyze(served.getFirst()).modelVersion()).startsWith("v-20261207000002-0000000c");
            assertThat(store.production().orElseThrow().version()).isEqualTo("v-20261207000002-0000000c");
            release.switchBack("ops", "back");
            assertThat(engine.analyze(served.getFirst()).modelVersion()).startsWith("v-20261207000001-0000000b");
            assertThat(store.production().orElseThrow().version()).isEqualTo("v-20261207000001-0000000b");
            release.end("ops", "blue stays");
            assertThat(log.releaseActions()).containsExactly("shadow_started", "ended", "blue_green_started", "switched",
                    "switched_back", "ended");
        }
    }
}
