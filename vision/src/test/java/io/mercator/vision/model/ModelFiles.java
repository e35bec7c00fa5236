package io.mercator.vision.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the model packages and the shared data, or a failure that says how to get them. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static Path modelsDir() {
        String dir = System.getProperty("mercator.models.dir");
        Path p = dir == null ? null : Path.of(dir);
        if (p == null || !Files.isRegularFile(p.resolve(ImageBackbone.MODEL_PATH).resolve("model.json"))) {
            throw new IllegalStateException("the image models are not installed at " + p
                    + ": run the tests with ./mercator test, which runs scripts/models.sh --reference first");
        }
        return p;
    }

    public static Path clothing() {
        Path p = Path.of(System.getProperty("mercator.shared.dir", "../shared"), "data", "vision", "clothing-small");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no clothing photos at " + p + " (the shared data sits beside the repository)");
        }
        return p;
    }
}
