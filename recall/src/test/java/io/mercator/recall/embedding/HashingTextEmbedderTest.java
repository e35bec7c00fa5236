package io.mercator.recall.embedding;

import io.mercator.recall.analysis.MarketplaceAnalyzer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class HashingTextEmbedderTest {

    private final HashingTextEmbedder embedder = new HashingTextEmbedder(new MarketplaceAnalyzer());

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void similarThaiTitlesAreCloserThanUnrelatedOnes() {
        float[] phone = embedder.embed("ขายไอโฟน 13 สีดำ มือสอง");
        float[] similar = embedder.embed("ไอโฟน 13 โปร มือสองสภาพดี");
        float[] misspelt = embedder.embed("ไอโฟล 13 มือสอง");
        float[] sofa = embedder.embed("โซฟาหนังแท้ สีน้ำตาล");
        assertThat(cosine(phone, similar)).isGreaterThan(cosine(phone, sofa) + 0.3);
        assertThat(cosine(phone, misspelt)).isGreaterThan(cosine(phone, sofa) + 0.3);
    }

    @Test
    void vectorsHaveUnitLengthAndTheConfiguredDimension() {
        float[] v = embedder.embed("Canon EOS 80D body กล้องมือสอง");
        assertThat(v).hasSize(HashingTextEmbedder.DEFAULT_DIMENSION);
        assertThat(cosine(v, v)).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void isDeterministicAcrossInstances() {
        HashingTextEmbedder other = new HashingTextEmbedder(new MarketplaceAnalyzer());
        assertThat(other.embed("จักรยานเสือภูเขา Trek")).containsExactly(embedder.embed("จักรยานเสือภูเขา Trek"));
    }

    @Test
    void textWithoutTokensGivesTheZeroVector() {
        assertThat(embedder.embed("!!! ... ???")).containsOnly(0f);
        assertThat(embedder.embed("")).containsOnly(0f);
    }
}
