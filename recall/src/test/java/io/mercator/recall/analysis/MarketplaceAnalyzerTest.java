package io.mercator.recall.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarketplaceAnalyzerTest {

    private final MarketplaceAnalyzer analyzer = new MarketplaceAnalyzer();

    @Test
    void segmentsThaiAndKeepsBrandsWhole() {
        assertThat(analyzer.terms("รองเท้าไนกี้แท้")).containsExactly("รองเท้า", "ไนกี้", "แท้");
    }

    @Test
    void collapsesElongationWithCorrectOffsets() {
        assertThat(analyzer.terms("ถูกมากกกก")).containsExactly("ถูก", "มาก");
        assertThat(new WordSegmenter(WordSegmenter.Variant.MARKETPLACE).words("สุดดดด ดี"))
                .containsExactly(new WordSegmenter.Word("สุด", 0, 6), new WordSegmenter.Word("ดี", 7, 9));
    }

    @Test
    void repeatMarkRepeatsTheWordInsteadOfBeingOne() {
        assertThat(analyzer.terms("ใหญ่ๆ")).containsExactly("ใหญ่", "ใหญ่");
    }

    @Test
    void lowerCasesStemsPluralsAndDropsStopWords() {
        assertThat(analyzer.terms("The Samsung Phones")).containsExactly("samsung", "phone");
        assertThat(analyzer.terms("ขายกล้องครับ")).containsExactly("ขาย", "กล้อง");
    }

    @Test
    void splitsModelNumbersAndNormalisesThaiDigits() {
        assertThat(analyzer.terms("iPhone13")).containsExactly("iphone13", "iphone", "13");
        assertThat(analyzer.terms("๑๒๓")).containsExactly("123");
    }

    @Test
    void keepsNegation() {
        assertThat(analyzer.terms("ไม่มีตำหนิ")).contains("ไม่");
    }
}
