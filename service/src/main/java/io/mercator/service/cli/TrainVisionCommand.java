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

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        try (ImageBackbone backbone = ImageBackbone.load(where.modelsDir)) {
            VisionTraining.Result r = VisionTraining.train(backbone, where.clothing, perClass, Clock.systemUTC());
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
