package io.mercator.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aSavedVersionLoadsAndPredictsIdentically() throws Exception {
        TrainingSet set = Simulated.of(Simulated.WEEK).trainingSet();
        ModelStore store = new ModelStore(dataDir);
        assertThat(store.latest()).isEmpty();

        try (TrainedModels trained = new ModelTrainer().train(set)) {
            String version = trained.models().version();
            Path dir = store.save(trained);
            assertThat(dir).isEqualTo(dataDir.resolve("models").resolve(version));
            assertThat(dir.resolve(ModelStore.PCTR_FILE)).isRegularFile();
            assertThat(dir.resolve(ModelStore.PCVR_FILE)).isRegularFile();
            assertThat(Files.readString(dir.resolve(ModelStore.METADATA_FILE))).contains("\"validationAuc\"");
            assertThat(Files.readString(dir.resolve(ModelStore.METADATA_FILE))).contains("\"eceCalibrated\"");
            assertThat(dir.resolve(ModelStore.CALIBRATION_FILE)).isRegularFile();
            assertThat(store.save(trained)).isEqualTo(dir); // the same version again is a no-op
            try (Stream<Path> entries = Files.list(dataDir.resolve("models"))) {
                assertThat(entries).containsExactly(dir); // no temporary directory left behind
            }
            assertThat(store.latest()).contains(version);

            try (TrainedModels loaded = store.load(version)) {
                assertThat(loaded.metadata()).isEqualTo(trained.metadata());
                assertThat(loaded.models().version()).isEqualTo(version);
                assertThat(loaded.models().featureNames()).isEqualTo(RankingFeatures.NAMES);
                int n = 300;
                double[] x = new double[n * set.width()];
                for (int i = 0; i < n; i++) {
                    set.copyFeatures(set.size() - 1 - i, x, i * set.width());
                }
                ClickModels.Predictions a = trained.models().predict(x, n);
                ClickModels.Predictions b = loaded.models().predict(x, n);
                assertThat(b.pctr()).containsExactly(a.pctr());
                assertThat(b.pcvr()).containsExactly(a.pcvr());
                // the calibrators came back too: loaded predictions are calibrated, not raw
                assertThat(loaded.models().calibrators()).isEqualTo(trained.models().calibrators());
                assertThat(loaded.models().calibrators().pctr()).isNotNull();
                assertThat(b.pctr()).isNotEqualTo(loaded.models().predictUncalibrated(x, n).pctr());
            }
        }
    }

    @Test
    void aVersionWithoutCalibrationFileServesRawProbabilities() throws Exception {
        TrainingSet set = Simulated.of(Simulated.WEEK).trainingSet();
        ModelStore store = new ModelStore(dataDir);
        try (TrainedModels trained = new ModelTrainer().train(set)) {
            Path dir = store.save(trained);
            Files.delete(dir.resolve(ModelStore.CALIBRATION_FILE)); // as saved before calibration existed
            try (TrainedModels loaded = store.load(trained.models().version())) {
                assertThat(loaded.models().calibrators().bothAbsent()).isTrue();
                double[] x = new double[set.width()];
                set.copyFeatures(0, x, 0);
                assertThat(loaded.models().predict(x, 1).pctr())
                        .containsExactly(trained.models().predictUncalibrated(x, 1).pctr());
            }
        }
    }

    @Test
    void latestIsTheNewestVersionAndJunkIsIgnored() throws Exception {
        Path models = dataDir.resolve("models");
        Files.createDirectories(models.resolve("m-20260101000000-0123abcd"));
        Files.createDirectories(models.resolve("m-20260102000000-00000000"));
        Files.createDirectories(models.resolve(".tmp-m-20260103000000-ffffffff-x"));
        Files.createDirectories(models.resolve("notes"));
        ModelStore store = new ModelStore(dataDir);
        assertThat(store.versions()).containsExactly("m-20260101000000-0123abcd", "m-20260102000000-00000000");
        assertThat(store.latest()).contains("m-20260102000000-00000000");
        assertThatThrownBy(() -> store.load("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
