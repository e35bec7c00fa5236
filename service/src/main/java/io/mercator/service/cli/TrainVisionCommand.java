package io.mercator.service.cli;

import io.mercator.vision.VisionTraining;
import io.mercator.vision.model.ImageBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mercator train-vision}: trains the image category head on clothing-small ({@code train/}),
 * chooses its regularisation on {@code validation/}, prints the validation accuracy and confusion,
 * and registers the head with its card as production in the data directory.
 */
@Command(name = "train-vision", mixinStandardHelpOptions = true,
        description = "Train the image category head, print its validation figures, register it as production.")
final class TrainVisionCommand implements Callable<Integer> {

    @Mixin
    VisionOptions where = new VisionOptions();

    @Option(names = "--per-class", defaultValue = "0", description = "at most this many training photos a class, 0 for all")
    int perClass;

    @Option(names = "--fine-tune-epochs", defaultValue = "10",
            description = "passes that retrain the network's later blocks before the head is trained, 0 for none (default: ${DEFAULT-VALUE})")
    int fineTuneEpochs;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        VisionTraining.Result r;
        ImageBackbone backbone;
        if (fineTuneEpochs > 0) {
            VisionTraining.Retrained retrained = VisionTraining.retrain(where.modelsDir, ImageBackbone.Runtime.ONNX_RUNTIME, where.clothing,
                    perClass, fineTuneEpochs, Clock.systemUTC(), (epoch, loss) -> System.out.printf(Locale.ROOT,
                            "blocks retrained: epoch %d of %d, training loss %.4f, %.0f s%n", epoch + 1, fineTuneEpochs, loss,
                            (System.nanoTime() - start) / 1e9));
            r = retrained.result();
            backbone = retrained.backbone();
        } else {
            backbone = ImageBackbone.load(where.modelsDir);
            r = VisionTraining.train(backbone, where.clothing, perClass, Clock.systemUTC());
        }
        try (backbone) {
            System.out.printf(Locale.ROOT, "trained %s in %.1f s on %s%n", r.version(), (System.nanoTime() - start) / 1e9, backbone.version());
            System.out.printf(Locale.ROOT, "validation accuracy %.3f (best class), answered 'other' %.1f%%%n", r.validationAccuracy(),
                    100 * r.validationOtherRate());
            printConfusion(r.confusion());
            VisionTraining.register(where.dataDir, r);
            System.out.println("registered as production in " + where.dataDir.resolve("vision-models") + " (a running service loads it when it restarts)");
        }
        return 0;
    }

    static void printConfusion(Map<String, Map<String, Integer>> confusion) {
        var labels = confusion.keySet().stream().sorted().toList();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-11s", "true\\pred"));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, "%6.6s", l));
        }
        System.out.println(head);
        for (String t : labels) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-11s", t));
            for (String p : labels) {
                row.append(String.format(Locale.ROOT, "%6d", confusion.get(t).getOrDefault(p, 0)));
            }
            System.out.println(row);
        }
    }
}
