package io.mercator.nlp.offensive;

import io.mercator.nlp.text.TextNormalizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffensiveLexiconTest {

    private final OffensiveLexicon lexicon = new OffensiveLexicon(Map.of("ควย", 0.9, "แม่ง", 0.8, "kuay", 0.9, "ขี้", 0.0),
            List.of("แม่งาน"));

    @Test
    void undoesSpacingAndStretchingAndReportsTheOriginalSpan() {
        String text = "ไอ้ ค ว ย ย ย ย";
        List<OffensiveLexicon.Hit> hits = lexicon.find(TextNormalizer.normalize(text));
        assertThat(hits).hasSize(1);
        assertThat(text.substring(hits.get(0).start(), hits.get(0).end())).startsWith("ค ว ย");
        assertThat(lexicon.heaviest(TextNormalizer.normalize("u r kuay"))).isEqualTo(0.9);
    }

    @Test
    void harmlessWordsAndDroppedTermsDoNotCount() {
        assertThat(lexicon.find(TextNormalizer.normalize("แม่งานวันนี้คือใคร"))).isEmpty();
        assertThat(lexicon.find(TextNormalizer.normalize("ขี้เกียจ"))).isEmpty();
        assertThat(lexicon.heaviest(TextNormalizer.normalize("แม่งเอ้ย"))).isEqualTo(0.8);
    }
}
