package io.mercator.service.cli;

import io.mercator.vision.VisionEvaluation;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.duplicates.NearDuplicateIndex;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.safety.ImageSafetyPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mercator evaluate-vision}: the registered category head's accuracy and confusion on
 * clothing-small's validation photos, the NSFW false-unsafe rate on every clothing photo, and
 * near-duplicate recall and false matches on augmented copies, with the default thresholds.
 */
@Command(name = "evaluate-vision", mixinStandardHelpOptions = true,
        description = "Category accuracy, NSFW false-unsafe rate and near-duplicate recall of the image models.")
final class EvaluateVisionCommand implements Callable<Integer> {

    @Mixin
    VisionOptions where = new VisionOptions();

    @Override
    public Integer call() throws Exception {
        CategoryHeadStore.Registered head = new CategoryHeadStore(where.dataDir).production().orElse(null);
        if (head == null) {
            System.err.println("mercator evaluate-vision: no category head registered in " + where.dataDir + ": run ./mercator train-vision");
            return 1;
        }
        try (ImageBackbone backbone = ImageBackbone.load(where.modelsDir)) {
            long start = System.nanoTime();
            VisionEvaluation.Result r = VisionEvaluation.run(backbone, head.head(), ImageSafetyPolicy.DEFAULT,
                    NearDuplicateIndex.Rule.DEFAULT, where.clothing);
            System.out.printf(Locale.ROOT, "category head %s over %s%n", head.version(), backbone.version());
            System.out.printf(Locale.ROOT, "category accuracy on %d validation photos: %.3f (best class); answered 'other': %.1f%%%n",
                    r.validationPhotos(), r.accuracy(), 100 * r.otherRate());
            TrainVisionCommand.printConfusion(r.confusion());
            System.out.printf(Locale.ROOT, "NSFW false-unsafe on %d clothing photos (all safe): %d = %.2f%% %s%n", r.safetyPhotos(),
                    r.flaggedUnsafe(), 100.0 * r.flaggedUnsafe() / r.safetyPhotos(), r.flagsByClass());
            for (Map.Entry<String, double[]> e : r.copiesFound().entrySet()) {
                System.out.printf(Locale.ROOT, "near-duplicates, %-32s recall %.3f, matched a wrong photo %d times%n", e.getKey(),
                        e.getValue()[0], (long) e.getValue()[1]);
            }
            System.out.printf(Locale.ROOT, "near-duplicates, false matches between %d pairs of different photos: %d = %.4f%%%n",
                    r.distinctPairs(), r.falseMatches(), 100.0 * r.falseMatches() / r.distinctPairs());
            System.out.printf(Locale.ROOT, "(%.0f s)%n", (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
