package io.mercator.vision.face;

import io.mercator.vision.model.ModelFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/** The test faces: the six demo photos of {@code @vladmandic/face-api} 1.7.15, installed by scripts/models.sh --reference. */
public final class FaceSamples {

    private FaceSamples() {
    }

    public static Path dir() {
        Path p = ModelFiles.modelsDir().resolve("face-samples");
        if (!Files.isRegularFile(p.resolve("sample1.jpg"))) {
            throw new IllegalStateException("no face photos at " + p + ": run the tests with ./mercator test (scripts/models.sh --reference)");
        }
        return p;
    }
}
