package io.mercator.nlp.prohibited;

import io.mercator.nlp.lexicon.TermList;
import io.mercator.nlp.text.TextNormalizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProhibitedLexiconTest {

    private final ProhibitedLexicon lexicon = new ProhibitedLexicon();

    private java.util.List<String> types(String text) {
        return lexicon.read(TextNormalizer.normalize(text)).hits().stream().map(h -> h.term().label()).distinct().toList();
    }

    @Test
    void findsTermsThroughSpacingAndWholeWordsOnly() {
        assertThat(types("ขาย บุ ห รี่ ไฟ ฟ้า พร้อมน้ำยา")).contains("e_cigarette");
        assertThat(types("v a p e pods cheap")).contains("e_cigarette");
        assertThat(types("gin and tonic glasses")).contains("alcohol");
        assertThat(types("login page design book")).doesNotContain("alcohol");
    }

    @Test
    void aTermInsideALookAlikeDoesNotCount() {
        assertThat(types("ปืนฉีดน้ำ สำหรับเด็ก")).isEmpty();
        assertThat(types("wine glass set of 6")).isEmpty();
        assertThat(lexicon.read(TextNormalizer.normalize("glue gun 40W")).lookalikes()).isNotEmpty();
    }

    @Test
    void featuresCountHitsPerTypeAndMarkALookAlike() {
        ProhibitedLexicon.Reading r = lexicon.read(TextNormalizer.normalize("vape pod relx and a water gun"));
        double[] f = r.features();
        assertThat(f[ProhibitedLexicon.TYPES.indexOf("e_cigarette")]).isEqualTo(2.0);
        assertThat(f[ProhibitedLexicon.TYPES.size()]).isEqualTo(1.0);
        TermList.Hit first = r.hitsOf("e_cigarette").get(0);
        assertThat(r.view().text().substring(first.start(), first.end())).isEqualTo("vape");
    }
}
