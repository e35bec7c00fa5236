package io.mercator.service.vision;

import io.mercator.service.config.MercatorConfig;
import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.VisionTraining;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.face.FaceAnalyzer;
import io.mercator.vision.face.FaceDetector;
import io.mercator.vision.face.FaceMatchPolicy;
import io.mercator.vision.face.FaceMatcher;
import io.mercator.vision.face.FaceModels;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.quality.PhotoQualityMeter;
import io.mercator.vision.safety.ImageSafetyPolicy;
import io.mercator.vision.service.VisionEngine;
import io.mercator.vision.service.WorkerPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Loads the image models into an engine, wherever the vision verticle runs (in the service, or in
 * {@code mercator vision}): the face models for eKYC and the backbone from the npm packages
 * scripts/models.sh installed, and the
 * data directory's production category head, or a head trained and registered first from the
 * clothing photos. Blocking, for a worker; a failure leaves the engine answering 503 with the reason.
 */
final class VisionModelBoot {

    private static final Logger LOG = LoggerFactory.getLogger(VisionModelBoot.class);

    private VisionModelBoot() {
    }

    static void loadOrTrain(MercatorConfig.Vision config, Path dataDir, VisionEngine engine) {
        ImageBackbone.threadsPerPass(config.threadsPerPass());
        loadFaces(config, engine);
        try {
            CategoryHeadStore store = new CategoryHeadStore(dataDir);
            CategoryHeadStore.Registered head = store.production().orElse(null);
            Path modelsDir = Path.of(config.modelsDir());
            ImageBackbone backbone;
            if (head != null) {
                backbone = ImageBackbone.load(modelsDir, config.backboneRuntime(), head.blocks());
            } else {
                engine.notLoaded("the category head is being trained (first start), from " + config.clothingData());
                LOG.info("training the image category head", kv("photos_per_class", config.trainPerClass()),
                        kv("fine_tune_epochs", config.fineTuneEpochs()));
                VisionTraining.Result trained;
                if (config.fineTuneEpochs() > 0) {
                    VisionTraining.Retrained r = VisionTraining.retrain(modelsDir, config.backboneRuntime(), Path.of(config.clothingData()),
                            config.trainPerClass(), config.fineTuneEpochs(), Clock.systemUTC(),
                            (epoch, loss) -> LOG.info("image blocks retrained for an epoch", kv("epoch", epoch + 1),
                                    kv("of", config.fineTuneEpochs()), kv("training_loss", loss)));
                    trained = r.result();
                    backbone = r.backbone();
                } else {
                    backbone = ImageBackbone.load(modelsDir, config.backboneRuntime());
                    trained = VisionTraining.train(backbone, Path.of(config.clothingData()), config.trainPerClass(), Clock.systemUTC());
                }
                VisionTraining.register(dataDir, trained);
                head = store.production().orElseThrow();
                LOG.info("image category head registered", kv("version", trained.version()),
                        kv("validation_accuracy", trained.validationAccuracy()));
            }
            engine.load(new ImageAnalyzer(new ImageDecoder(), new PhotoQualityMeter(), backbone, head.head(), head.version(),
                    policy(config)));
        } catch (Exception e) {
            engine.notLoaded("image models could not be loaded: " + e.getMessage());
            LOG.warn("image analysis has no model", kv("reason", String.valueOf(e.getMessage())));
        }
    }

    /**
     * The face models for eKYC: from the npm package alone, nothing to train. Checked here (a
     * missing package leaves /ekyc-match answering 503 with the reason), loaded at the first check.
     */
    static void loadFaces(MercatorConfig.Vision config, VisionEngine engine) {
        Path modelsDir = Path.of(config.modelsDir());
        if (!java.nio.file.Files.isRegularFile(modelsDir.resolve(FaceModels.PATH).resolve("mobilefacenet.json"))) {
            engine.facesNotLoaded("face models are not installed at " + modelsDir.resolve(FaceModels.PATH)
                    + ": scripts/models.sh installs " + FaceModels.PACKAGE);
            LOG.warn("face matching has no model", kv("reason", "not installed"));
            return;
        }
        engine.loadFaces(() -> {
            try {
                FaceModels models = FaceModels.load(modelsDir);
                LOG.info("face models loaded", kv("version", models.version()));
                int niceness = config.workerNiceness();
                return new FaceMatcher(new FaceAnalyzer(models, new FaceDetector(models)), facePolicy(config), task -> BESIDE.execute(() -> {
                    WorkerPriority.lower(niceness);
                    task.run();
                }));
            } catch (java.io.IOException | RuntimeException e) {
                throw new VisionEngine.Unavailable("face models could not be loaded: " + e.getMessage());
            }
        });
    }

    /** Where an identity check reads its ID photo while its own thread reads the selfie. */
    private static final java.util.concurrent.ExecutorService BESIDE = java.util.concurrent.Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("vision-face-", 0).daemon().factory());

    static FaceMatchPolicy facePolicy(MercatorConfig.Vision config) {
        MercatorConfig.Ekyc k = config.ekyc();
        return new FaceMatchPolicy(k.matchAt(), k.noMatchBelow(), k.livenessAt(), k.slope(), k.intercept());
    }

    static ImageSafetyPolicy policy(MercatorConfig.Vision config) {
        return new ImageSafetyPolicy(config.nsfwAt(), config.explicitAt(), config.suggestiveAt(), config.moderateBelow());
    }
}
