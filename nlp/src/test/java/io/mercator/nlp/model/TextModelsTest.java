package io.mercator.nlp.model;

import io.mercator.nlp.text.TextNormalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextModelsTest {

    @BeforeAll
    static void needsTheSharedData() {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
    }

    @Test
    void theCardNamesItsDataAndGivesHeldOutFiguresForEveryModel() {
        TextModelCard card = SharedTextData.models().card();
        assertThat(card.version()).matches("t-\\d{14}-[0-9a-f]{8}");
        assertThat(card.heldOut()).containsKeys("offensive_en", "offensive_th", "spam", "prohibited", "intent");
        assertThat(card.data()).extracting(TextModelCard.DataSource::name)
                .contains(TrainingCorpora.DAVIDSON, TrainingCorpora.SMS_SPAM, "train/prohibited-train.tsv");
        card.data().forEach(d -> assertThat(d.sha256()).hasSize(64));
        TextModelCard.DataSource davidson = card.data().stream().filter(d -> d.name().equals(TrainingCorpora.DAVIDSON))
                .findFirst().orElseThrow();
        // a fifth held out, stratified
        assertThat((double) davidson.heldOutRows() / (davidson.trainRows() + davidson.heldOutRows())).isBetween(0.19, 0.21);
        // the held-out figures are real figures, not placeholders
        assertThat(card.heldOut().get("spam").label("spam").f1()).isGreaterThan(0.8);
        assertThat(card.heldOut().get("offensive_en").macroF1()).isGreaterThan(0.6);
    }

    @Test
    void aVersionWrittenAndReadBackScoresTheSame(@TempDir Path dir) {
        TextModels models = SharedTextData.models();
        models.writeTo(dir.resolve(models.version()));
        TextModels back = TextModels.readFrom(dir.resolve(models.version()));
        assertThat(back.card()).isEqualTo(models.card());
        TextFeatures features = new TextFeatures(models.words(), new io.mercator.nlp.prohibited.ProhibitedLexicon());
        for (String text : new String[]{"you are a stupid idiot", "ขายพอตใช้แล้วทิ้ง", "FREE entry! txt WIN to 80086"}) {
            var n = TextNormalizer.normalize(text);
            assertThat(back.offensiveEn().probabilities(features.offensiveEn(n)))
                    .containsExactly(models.offensiveEn().probabilities(features.offensiveEn(n)));
            assertThat(back.prohibited().probabilities(features.prohibited(features.prohibitedLexicon().read(n))))
                    .containsExactly(models.prohibited().probabilities(features.prohibited(features.prohibitedLexicon().read(n))));
            assertThat(back.spam().probabilities(features.spam(n))).containsExactly(models.spam().probabilities(features.spam(n)));
        }
    }
}
