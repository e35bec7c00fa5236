package io.mercator.nlp.evaluation;

import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.TextAnalyzer;
import io.mercator.nlp.classify.ClassificationReport;
import io.mercator.nlp.model.SharedTextData;
import io.mercator.nlp.model.TrainingCorpora;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Quality floors on data the models and rules never saw (the test halves, the held-out rows), a
 * little under what {@code ./mercator evaluate-text} printed when they were set: a change that
 * makes text intelligence worse fails here, as a ranking model below the NDCG gate is refused.
 */
class TextEvaluationGateTest {

    private static TextEvaluation.Result result;

    @BeforeAll
    static void evaluate() throws URISyntaxException {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        Path evalDir = Path.of(TextEvaluationGateTest.class.getResource("/io/mercator/nlp/eval").toURI());
        var models = SharedTextData.models();
        result = new TextEvaluation(models, new TextAnalyzer(models, SafetyPolicy.DEFAULT),
                new TrainingCorpora(SharedTextData.dataDir()), evalDir).run();
    }

    private static TextEvaluation.Binary binary(String task) {
        return result.binaries().stream().filter(b -> b.task().equals(task)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + task + " in " + result.binaries()));
    }

    private static ClassificationReport report(String prefix) {
        return result.reports().entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no report " + prefix)).getValue();
    }

    private static double f1(ClassificationReport r, String label) {
        return r.labels().stream().filter(l -> l.label().equals(label)).findFirst().orElseThrow().f1();
    }

    @Test
    void diversionOnTheTestHalfNeverLookedAt() {
        TextEvaluation.Binary b = binary("diversion adversarial, test half (never looked at)");
        // the target: recall 0.95 at precision 0.95 (0.958 at 0.974 when this was written)
        assertThat(b.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
        assertThat(b.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(binary("diversion unseen, test half (never looked at)").recall()).as("recall on the unseen set")
                .isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void prohibitedGoodsOnTheTestHalfNeverLookedAt() {
        assertThat(binary("prohibited adversarial, test half (never looked at)").f1()).isGreaterThanOrEqualTo(0.87);
    }

    @Test
    void offensiveLanguageAndSpamOnHeldOutRows() {
        assertThat(report("offensive_en").macroF1()).as("English offensive macro-F1").isGreaterThanOrEqualTo(0.72);
        assertThat(f1(report("spam"), "spam")).as("spam F1").isGreaterThanOrEqualTo(0.93);
        assertThat(f1(report("offensive_th (wisesight-valid"), "offensive")).as("Thai offensive F1").isGreaterThanOrEqualTo(0.84);
    }

    @Test
    void buyerIntents() {
        assertThat(report("intent").accuracy()).isGreaterThanOrEqualTo(0.91);
    }
}
