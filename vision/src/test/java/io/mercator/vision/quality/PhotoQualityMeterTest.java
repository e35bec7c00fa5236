package io.mercator.vision.quality;

import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.Luma;
import io.mercator.vision.image.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.RescaleOp;

import static org.assertj.core.api.Assertions.assertThat;

class PhotoQualityMeterTest {

    private final ImageDecoder decoder = new ImageDecoder();
    private final PhotoQualityMeter meter = new PhotoQualityMeter();

    private PhotoQuality measure(BufferedImage image) {
        DecodedImage d = decoder.decode(TestImages.png(image));
        return meter.measure(d, Luma.of(d));
    }

    @Test
    void aBlurredCopyReadsBlurrierAndScoresLower() {
        BufferedImage sharp = TestImages.scene(800, 600, 7);
        PhotoQuality a = measure(sharp);
        PhotoQuality b = measure(blurred(sharp, 9));
        PhotoQuality c = measure(blurred(sharp, 21));
        assertThat(b.blur()).isGreaterThan(a.blur());
        assertThat(c.blur()).isGreaterThan(b.blur());
        assertThat(c.laplacianVariance()).isLessThan(a.laplacianVariance() / 10);
        assertThat(c.score()).isLessThan(a.score());
    }

    @Test
    void aDarkenedCopyReadsUnderExposed() {
        BufferedImage image = TestImages.scene(800, 600, 8);
        PhotoQuality normal = measure(image);
        BufferedImage dark = new RescaleOp(0.15f, 0, null).filter(image, null);
        PhotoQuality under = measure(dark);
        assertThat(under.brightness()).isLessThan(normal.brightness());
        assertThat(under.exposure()).isLessThan(normal.exposure() - 0.2);
        assertThat(under.score()).isLessThan(normal.score());
    }

    @Test
    void aSmallPhotoIsNotOkForResolution() {
        assertThat(measure(TestImages.scene(800, 600, 9)).resolutionOk()).isTrue();
        assertThat(measure(TestImages.scene(300, 200, 9)).resolutionOk()).isFalse();
    }

    @Test
    void theSamePhotoAtTwoSizesReadsAboutAsSharp() {
        BufferedImage image = TestImages.scene(1600, 1200, 10);
        PhotoQuality big = measure(image);
        BufferedImage half = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        half.createGraphics().drawImage(image, 0, 0, 800, 600, null);
        PhotoQuality small = measure(half);
        assertThat(Math.abs(big.blur() - small.blur())).isLessThan(0.15);
    }

    private static BufferedImage blurred(BufferedImage image, int size) {
        float[] k = new float[size * size];
        java.util.Arrays.fill(k, 1f / k.length);
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        new ConvolveOp(new Kernel(size, size, k), ConvolveOp.EDGE_NO_OP, null).filter(image, rgb);
        return rgb;
    }
}
