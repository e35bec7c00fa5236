package io.mercator.service.cli;

import io.mercator.vision.VisionEvaluation;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.duplicates.NearDuplicateIndex;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.safety.ImageSafetyPolicy;
import picocli.CommandLine.Command;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.mercator.vision.face.FaceAnalyzer;
import io.mercator.vision.face.FaceDetector;
import io.mercator.vision.face.FaceEvaluation;
import io.mercator.vision.face.FaceMatchPolicy;
import io.mercator.vision.face.FaceModels;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mercator evaluate-vision}: the registered category head's accuracy and confusion on
 * clothing-small's validation photos, the NSFW false-unsafe rate on every clothing photo, and
 * near-duplicate recall and false matches on augmented copies, with the default thresholds; and
 * eKYC face matching on the test faces ({@link FaceEvaluation}).
 */
@Command(name = "evaluate-vision", mixinStandardHelpOptions = true,
        description = "Category accuracy, NSFW false-unsafe rate and near-duplicate recall of the image models.")
final class EvaluateVisionCommand implements Callable<Integer> {

    @Mixin
    VisionOptions where = new VisionOptions();

    @Option(names = "--faces", defaultValue = ".mercator/models/face-samples",
            description = "the test face photos, installed by scripts/models.sh --reference (default: ${DEFAULT-VALUE})")
    Path faces;

    @Override
    public Integer call() throws Exception {
        evaluateFaces();
        CategoryHeadStore.Registered head = new CategoryHeadStore(where.dataDir).production().orElse(null);
        if (head == null) {
            System.err.println("mercator evaluate-vision: no category head registered in " + where.dataDir + ": run ./mercator train-vision");
            return 1;
        }
        try (ImageBackbone backbone = ImageBackbone.load(where.modelsDir, ImageBackbone.Runtime.ONNX_RUNTIME, head.blocks())) {
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

    /** eKYC face matching on the test faces: the calibration it fits, and the rates on the people it did not fit on. */
    private void evaluateFaces() throws Exception {
        if (!Files.isDirectory(faces)) {
            System.out.println("eKYC: no test faces at " + faces + " (scripts/models.sh --reference installs them); skipped");
            return;
        }
        MercatorConfig.Ekyc k = ConfigLoader.load(null, Map.of()).vision().ekyc();
        FaceMatchPolicy policy = new FaceMatchPolicy(k.matchAt(), k.noMatchBelow(), k.livenessAt(), k.slope(), k.intercept());
        try (FaceModels models = FaceModels.load(where.modelsDir)) {
            long start = System.nanoTime();
            FaceEvaluation.Result r = FaceEvaluation.run(new FaceAnalyzer(models, new FaceDetector(models)), policy, faces, 4, 42);
            System.out.printf(Locale.ROOT, "eKYC on %s: %d faces, %d selfies (%d with exactly one face found), %s%n", faces, r.people(),
                    r.selfies(), r.selfiesWithOneFace(), models.version());
            System.out.printf(Locale.ROOT, "eKYC calibration fitted on the even-numbered faces: slope %.2f, intercept %.2f"
                    + " (configured: %.2f, %.2f)%n", r.fittedSlope(), r.fittedIntercept(), k.slope(), k.intercept());
            System.out.printf(Locale.ROOT, "eKYC on the odd-numbered faces: AUC %.4f; median cosine same person %.4f, different %.4f%n",
                    r.auc(), r.sameMedianCosine(), r.diffMedianCosine());
            System.out.printf(Locale.ROOT, "eKYC same person: %d pairs, matched (p >= %.2f) %d = %.1f%%, no_match %d%n", r.samePairs(),
                    k.matchAt(), r.sameMatched(), 100.0 * r.sameMatched() / Math.max(1, r.samePairs()), r.sameNoMatch());
            System.out.printf(Locale.ROOT, "eKYC different people: %d pairs, falsely matched %d = %.2f%%, no_match (p < %.2f) %d = %.1f%%%n",
                    r.diffPairs(), r.diffMatched(), 100.0 * r.diffMatched() / Math.max(1, r.diffPairs()), k.noMatchBelow(), r.diffNoMatch(),
                    100.0 * r.diffNoMatch() / Math.max(1, r.diffPairs()));
            System.out.printf(Locale.ROOT, "eKYC selfie liveness (all are photos of photos): mean %.3f (liveness network %.3f, antispoof %.3f)%n",
                    r.meanLiveness(), r.meanLive(), r.meanReal());
            System.out.printf(Locale.ROOT, "eKYC: a weak test: same-person pairs are re-cuts of one photo, %d people from party photos (%.0f s)%n",
                    r.people(), (System.nanoTime() - start) / 1e9);
        }
    }
}
