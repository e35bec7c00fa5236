package io.mercator.nlp.text;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormalizerTest {

    @Test
    void thaiDigitsFullWidthFormsAndCaseBecomeOneFormEachCharacterKeepingItsPlace() {
        MappedText n = TextNormalizer.normalize("เบอร์ ๐๘๑ ＬＩＮＥ\u200B  ok");
        assertThat(n.text()).isEqualTo("เบอร์ 081 line ok");
        int digits = n.text().indexOf("081");
        assertThat(n.originalText(digits, digits + 3)).isEqualTo("๐๘๑");
        int line = n.text().indexOf("line");
        assertThat(n.originalText(line, line + 4)).isEqualTo("ＬＩＮＥ");
    }

    @Test
    void thaiSaraAmIsNotSplitByNfkc() {
        assertThat(TextNormalizer.normalize("น้ำยา").text()).isEqualTo("น้ำยา");
    }

    @Test
    void rewritesComposeAndStillPointAtTheOriginal() {
        MappedText n = TextNormalizer.normalize("ไลน์ s h o p 9 9 นะ");
        MappedText joined = Rewrites.joinSpelledOut(n);
        assertThat(joined.text()).isEqualTo("ไลน์ shop99 นะ");
        int at = joined.text().indexOf("shop99");
        assertThat(joined.originalText(at, at + 6)).isEqualTo("s h o p 9 9");
        // a rewrite's output stands for the whole span it replaced, through every rewrite after it
        MappedText dotted = Rewrites.replaceAll(joined, Pattern.compile("shop"), m -> "SHOP.");
        assertThat(dotted.text()).isEqualTo("ไลน์ SHOP.99 นะ");
        assertThat(dotted.originalText(5, 10)).isEqualTo("s h o p 9 9");
        assertThat(dotted.originalText(0, 4)).isEqualTo("ไลน์");
    }

    @Test
    void spacesBetweenThaiLettersGo() {
        assertThat(Rewrites.joinThai(TextNormalizer.normalize("บุ ห รี่ ไฟ ฟ้า ok")).text()).isEqualTo("บุหรี่ไฟฟ้า ok");
    }

    @Test
    void languageByScript() {
        assertThat(Lang.of("ขายโทรศัพท์มือสอง")).isEqualTo(Lang.TH);
        assertThat(Lang.of("selling my old phone")).isEqualTo(Lang.EN);
        assertThat(Lang.of("ขาย iPhone 13 Pro สภาพดีมาก ส่งฟรี")).isEqualTo(Lang.MIXED);
        assertThat(Lang.of("12345 !!!")).isEqualTo(Lang.OTHER);
        assertThat(Lang.of("продаю телефон")).isEqualTo(Lang.OTHER);
    }
}
