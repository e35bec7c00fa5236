package io.mercator.learning.ltr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibSvmDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsSparseRowsDenselyWithGroupsFromTheQueryFile() throws Exception {
        Path file = dir.resolve("tiny.train");
        Files.writeString(file, "2 1:0.5 3:1\n0 2:-1\n\n1 3:2.5\n");
        Files.writeString(dir.resolve("tiny.train.query"), "2\n1\n");
        LibSvmDataset d = LibSvmDataset.read(file);
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.width()).isEqualTo(4); // columns 0..3, as LightGBM numbers them
        assertThat(d.labels()).containsExactly(2f, 0f, 1f);
        assertThat(d.groups()).containsExactly(2, 1);
        assertThat(d.features()).containsExactly(
                0f, 0.5f, 0f, 1f,
                0f, 0f, -1f, 0f,
                0f, 0f, 0f, 2.5f);

        LibSvmDataset second = d.selectQueries(new int[]{1});
        assertThat(second.labels()).containsExactly(1f);
        assertThat(second.features()).containsExactly(0f, 0f, 0f, 2.5f);
        assertThat(d.withWidth(5).features()).hasSize(15);
    }

    @Test
    void refusesGroupsThatDoNotAddUpAndAMissingQueryFile() throws Exception {
        Path file = dir.resolve("bad.train");
        Files.writeString(file, "1 1:1\n0 1:2\n");
        assertThatThrownBy(() -> LibSvmDataset.read(file)).hasMessageContaining("query file");
        Files.writeString(dir.resolve("bad.train.query"), "3\n");
        assertThatThrownBy(() -> LibSvmDataset.read(file)).hasMessageContaining("add up");
        Files.writeString(file, "1 1:1\n0 oops\n");
        Files.writeString(dir.resolve("bad.train.query"), "2\n");
        assertThatThrownBy(() -> LibSvmDataset.read(file)).hasMessageContaining("line 2");
    }

    @Test
    void readsLightGbmsExample() {
        LibSvmDataset d = LibSvmDataset.read(SharedLtrData.rankTrain());
        assertThat(d.rows()).isEqualTo(3005);
        assertThat(d.queries()).isEqualTo(201);
        assertThat(d.width()).isLessThanOrEqualTo(301);
        for (float y : d.labels()) {
            assertThat(y).isBetween(0f, 4f);
        }
    }
}
