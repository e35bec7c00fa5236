package io.mercator.nlp.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The shared data folder the text models train on, for tests: {@code mercator.shared.dir} (the
 * build sets it to {@code ../shared}) + {@code /data}. Models trained once per test JVM.
 */
public final class SharedTextData {

    private static TextModels trained;

    private SharedTextData() {
    }

    public static Path dataDir() {
        return Path.of(System.getProperty("mercator.shared.dir", "../shared")).resolve("data");
    }

    /** Whether the public text sets are there (a test needing them is skipped where they are not). */
    public static boolean present() {
        return Files.isRegularFile(dataDir().resolve(TrainingCorpora.DAVIDSON));
    }

    public static synchronized TextModels models() {
        if (trained == null) {
            trained = new TextModelTrainer(new TrainingCorpora(dataDir()), TextModelTrainer.Parameters.DEFAULT,
                    Clock.systemUTC()).train();
        }
        return trained;
    }
}
