package io.mercator.vision.category;

import io.mercator.vision.VisionTraining;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.FineTunedBlocks;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.model.ModelFiles;
import io.mercator.vision.model.Resize;
import io.mercator.vision.model.tfjs.KerasGraph;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retraining the later blocks on a few clothing photos: the training loss falls, the weights move
 * from the pretrained ones and survive a write and a read, and the network loaded with them gives
 * the same category features on ONNX Runtime as on the PyTorch interpreter.
 */
class CategoryFineTunerTest {

    private static final String FROM = VisionTraining.RETRAIN_FROM;
    private static final String TO = VisionTraining.RETRAIN_TO;

    @Test
    void retrainedBlocksLearnRoundTripAndRunAlikeOnBothRuntimes() throws Exception {
        KerasGraph graph = ImageBackbone.graph(ModelFiles.modelsDir());
        List<String> classes = List.of("pants", "shoes", "t-shirt");
        ImageDecoder decoder = new ImageDecoder();
        List<CategoryFineTuner.Example> examples = new ArrayList<>();
        List<float[]> prepared = new ArrayList<>();
        int s = ImageBackbone.SIZE;
        try (ImageBackbone.Activations below = ImageBackbone.activations(graph, FROM, 2)) {
            for (int label = 0; label < classes.size(); label++) {
                try (Stream<Path> photos = Files.list(ModelFiles.clothing().resolve("train").resolve(classes.get(label)))) {
                    for (Path p : photos.sorted().limit(16).toList()) {
                        float[] x = new float[3 * s * s];
                        Resize.toChannelsFirst(decoder.decode(Files.readAllBytes(p)).rgb(), s, x, 0);
                        prepared.add(x);
                        examples.add(new CategoryFineTuner.Example(List.of(CategoryFineTuner.Example.half(below.at(x, 1))), label));
                    }
                }
            }
        }
        List<Double> losses = new ArrayList<>();
        CategoryFineTuner tuner = new CategoryFineTuner(graph, FROM, TO, new long[] {channels(graph), 14, 14});
        CategoryFineTuner.Trained trained = tuner.train(examples, classes.size(), new CategoryFineTuner.Options(6, 3e-4f, 16, 0.2f, 0.1f, 1e-4f, 7),
                (epoch, loss) -> losses.add(loss));
        FineTunedBlocks blocks = trained.blocks();

        // three classes: a classifier that knows nothing has a loss of ln 3 = 1.10
        System.out.println("training loss by epoch: " + losses);
        assertThat(losses).hasSize(6);
        assertThat(losses.getLast()).as("training loss by epoch %s", losses).isLessThan(0.8 * Math.log(3));
        // every draw comes from the seed: the same photos and options train the same way again
        List<Double> again = new ArrayList<>();
        tuner.train(examples, classes.size(), new CategoryFineTuner.Options(2, 3e-4f, 16, 0.2f, 0.1f, 1e-4f, 7), (epoch, loss) -> again.add(loss));
        List<Double> firstTwo = new ArrayList<>();
        tuner.train(examples, classes.size(), new CategoryFineTuner.Options(2, 3e-4f, 16, 0.2f, 0.1f, 1e-4f, 7), (epoch, loss) -> firstTwo.add(loss));
        assertThat(again).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(again.get(i)).as("epoch %d of two runs with one seed", i).isCloseTo(firstTwo.get(i), org.assertj.core.data.Offset.offset(1e-4));
        }
        KerasGraph.Conv pretrained = (KerasGraph.Conv) graph.layer("Conv_1");
        assertThat(blocks.weights().get("Conv_1")[0]).hasSameSizeAs(pretrained.kernel()).isNotEqualTo(pretrained.kernel());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        blocks.write(bytes);
        FineTunedBlocks read = FineTunedBlocks.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(FineTunedBlocks.same(read, blocks)).isTrue();
        assertThat(FineTunedBlocks.same(read, null)).isFalse();

        float[] two = new float[2 * 3 * s * s];
        System.arraycopy(prepared.get(0), 0, two, 0, 3 * s * s);
        System.arraycopy(prepared.get(20), 0, two, 3 * s * s, 3 * s * s);
        try (ImageBackbone onnx = ImageBackbone.load(ModelFiles.modelsDir(), ImageBackbone.Runtime.ONNX_RUNTIME, read);
             ImageBackbone torch = ImageBackbone.load(ModelFiles.modelsDir(), ImageBackbone.Runtime.PYTORCH, read);
             ImageBackbone plain = ImageBackbone.load(ModelFiles.modelsDir())) {
            assertThat(onnx.version()).contains("retrained");
            // the classifier that learnt with the blocks reads the features the service computes
            List<CategoryHeadTrainer.Example> seen = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                seen.add(new CategoryHeadTrainer.Example(classes.get(examples.get(i).label()), onnx.runPrepared(prepared.get(i), 1).getFirst().features()));
            }
            CategoryHead head = CategoryHeadTrainer.retrained(classes, trained.classifier(), seen);
            assertThat(CategoryHeadTrainer.accuracy(head, seen, false)).as("the training photos, by the retrained classifier").isGreaterThan(0.9);
            List<ImageBackbone.Output> a = onnx.runPrepared(two, 2);
            List<ImageBackbone.Output> b = torch.runPrepared(two, 2);
            List<ImageBackbone.Output> original = plain.runPrepared(two, 2);
            for (int i = 0; i < 2; i++) {
                float[] fa = a.get(i).features();
                float[] fb = b.get(i).features();
                assertThat(fa).as("the retrained blocks' output, mean- and max-pooled").hasSize(2 * 1280).hasSameSizeAs(fb);
                double largest = 0;
                double diff = 0;
                for (int k = 0; k < fa.length; k++) {
                    largest = Math.max(largest, Math.abs(fb[k]));
                    diff = Math.max(diff, Math.abs(fa[k] - fb[k]));
                }
                assertThat(largest).isGreaterThan(0.1);
                assertThat(diff).as("ONNX Runtime against PyTorch, image %d", i).isLessThan(1e-4 * Math.max(1, largest));
                // the NSFW head and the embedding still read the pretrained blocks
                assertThat(a.get(i).nsfw()).containsExactly(original.get(i).nsfw(), org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(a.get(i).embedding()).containsExactly(original.get(i).embedding(), org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void refusesFewerPhotosThanABatch() throws Exception {
        KerasGraph graph = ImageBackbone.graph(ModelFiles.modelsDir());
        CategoryFineTuner tuner = new CategoryFineTuner(graph, FROM, TO, new long[] {channels(graph), 14, 14});
        List<CategoryFineTuner.Example> few = List.of(new CategoryFineTuner.Example(List.of(new short[channels(graph) * 14 * 14]), 0));
        assertThatThrownBy(() -> tuner.train(few, 2, CategoryFineTuner.Options.defaults(1), (e, l) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least a batch");
    }

    /** The channels of the layer retraining starts from (its side is 14 at 224 x 224). */
    private static int channels(KerasGraph graph) {
        return (int) ((KerasGraph.Conv) graph.layer(FROM)).shape()[0];
    }
}
