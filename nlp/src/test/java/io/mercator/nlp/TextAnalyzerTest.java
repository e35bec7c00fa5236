package io.mercator.nlp;

import io.mercator.nlp.model.SharedTextData;
import io.mercator.nlp.text.Lang;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextAnalyzerTest {

    private static TextAnalyzer analyzer;

    @BeforeAll
    static void train() {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        analyzer = new TextAnalyzer(SharedTextData.models(), SafetyPolicy.DEFAULT);
    }

    private static TextReport analyze(String text) {
        return analyzer.analyze(new TextInput(text, TextInput.Context.LISTING_DESCRIPTION, null));
    }

    @Test
    void anOrdinaryListingIsAllowed() {
        TextReport r = analyze("ขาย iPhone 13 Pro 256GB สีดำ สภาพดี แบต 89% ราคา 18,500 บาท");
        assertThat(r.action()).isEqualTo(TextReport.Action.ALLOW);
        assertThat(r.safetyScore()).isGreaterThanOrEqualTo(0.4);
        assertThat(r.findings()).isEmpty();
        assertThat(r.lang()).isEqualTo(Lang.MIXED);
        assertThat(r.modelVersion()).isEqualTo(SharedTextData.models().version());
    }

    @Test
    void aContactInTheTextBlocksItWithTheSpan() {
        String text = "สนใจทักไลน์ s h o p 9 9 ได้เลย";
        TextReport r = analyze(text);
        assertThat(r.action()).isEqualTo(TextReport.Action.BLOCK);
        Finding f = r.findings().stream().filter(x -> x.kind() == Finding.Kind.DIVERSION).findFirst().orElseThrow();
        assertThat(f.type()).isEqualTo("line_id");
        assertThat(text.substring(f.start(), f.end())).contains("s h o p 9 9");
        assertThat(r.score(Finding.Kind.DIVERSION)).isEqualTo(f.confidence());
    }

    @Test
    void prohibitedGoodsAreFoundByTypeButTheirLookAlikesAreNot() {
        TextReport vape = analyze("ขายพอตใช้แล้วทิ้ง กลิ่นองุ่น ส่งไว");
        assertThat(vape.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.PROHIBITED);
            assertThat(f.type()).isEqualTo("e_cigarette");
        });
        assertThat(vape.safetyScore()).isLessThan(0.4);
        TextReport toy = analyze("ปืนฉีดน้ำเด็กเล่น สีฟ้า ใหม่");
        assertThat(toy.findings()).noneMatch(f -> f.kind() == Finding.Kind.PROHIBITED);
    }

    @Test
    void insultsGoToReviewNeverStraightToBlock() {
        TextReport r = analyze("you are a stupid bitch, shut up");
        assertThat(r.score(Finding.Kind.OFFENSIVE)).isGreaterThan(0.5);
        assertThat(r.action()).isEqualTo(TextReport.Action.REVIEW);
        assertThat(r.sources().get(Finding.Kind.OFFENSIVE)).startsWith("model");
        assertThat(r.sources().get(Finding.Kind.DIVERSION)).startsWith("rules");
    }

    @Test
    void theSafetyScoreIsOneMinusTheWorstWeightedScore() {
        SafetyPolicy p = SafetyPolicy.DEFAULT;
        assertThat(p.safety(Map.of(Finding.Kind.SPAM, 1.0, Finding.Kind.OFFENSIVE, 0.2))).isEqualTo(1 - 0.8);
        assertThat(p.action(0.05)).isEqualTo(TextReport.Action.BLOCK);
        assertThat(p.action(0.39)).isEqualTo(TextReport.Action.REVIEW);
        assertThat(p.action(0.4)).isEqualTo(TextReport.Action.ALLOW);
    }
}
