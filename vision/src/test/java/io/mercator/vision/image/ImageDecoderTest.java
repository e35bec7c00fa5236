package io.mercator.vision.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void decodesJpegPngWebpAndCmyk() {
        BufferedImage scene = TestImages.scene(400, 300, 1);
        assertThat(decoder.decode(TestImages.jpeg(scene, 0.9f))).satisfies(d -> {
            assertThat(d.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(d.width()).isEqualTo(400);
            assertThat(d.height()).isEqualTo(300);
        });
        assertThat(decoder.decode(TestImages.png(scene)).format()).isEqualTo(ImageFormat.PNG);
        DecodedImage webp = decoder.decode(TestImages.fixture("still.webp"));
        assertThat(webp.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(webp.width()).isEqualTo(160);
        // a CMYK JPEG is a photo like any other: TwelveMonkeys' reader converts it to RGB
        DecodedImage cmyk = decoder.decode(TestImages.fixture("cmyk.jpg"));
        assertThat(cmyk.rgb().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        int centre = cmyk.rgb().getRGB(80, 60);
        assertThat((centre >> 16) & 0xff).as("the white circle stays white").isGreaterThan(200);
    }

    @Test
    void decodesBigPhotosSubsampledButReportsTheirSize() {
        DecodedImage d = decoder.decode(TestImages.jpeg(TestImages.scene(2000, 1500, 2), 0.8f));
        assertThat(d.width()).isEqualTo(2000);
        assertThat(d.subsampling()).isEqualTo(1500 / 320);
        assertThat(d.rgb().getHeight()).isLessThan(1500).isGreaterThanOrEqualTo(320);
    }

    @Test
    void refusesWhatIsNotAPhotoWithAReason() {
        assertThat(status(new byte[0])).isEqualTo(400);
        assertThat(status("hello, this is text".getBytes())).isEqualTo(415);
        assertThat(status(TestImages.fixture("animated.gif"))).isEqualTo(415);
        assertThat(status(TestImages.fixture("animated.webp"))).isEqualTo(415);
        assertThat(status(TestImages.png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))).isEqualTo(400);
        assertThat(catchThrowableOfType(BadImage.class, () -> decoder.decode(TestImages.pngClaiming(50_000, 50_000))).getMessage())
                .contains("50000x50000");
    }

    @Test
    void refusesATruncatedJpegAndPng() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 3), 0.9f);
        assertThat(status(Arrays.copyOf(jpeg, jpeg.length / 2))).isEqualTo(400);
        byte[] png = TestImages.png(TestImages.scene(640, 480, 3));
        assertThat(status(Arrays.copyOf(png, png.length / 2))).isEqualTo(400);
        // the header alone
        assertThat(status(Arrays.copyOf(jpeg, 20))).isEqualTo(400);
    }

    @Test
    void refusesAnUploadOverTheLimit() {
        ImageDecoder small = new ImageDecoder(new ImageDecoder.Limits(1000, 50_000_000L, 12_000, 32, 320));
        byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 4), 0.9f);
        assertThatThrownBy(() -> small.decode(jpeg)).isInstanceOf(BadImage.class)
                .satisfies(e -> assertThat(((BadImage) e).status()).isEqualTo(413))
                .hasMessageContaining("limit");
    }

    private int status(byte[] bytes) {
        BadImage bad = catchThrowableOfType(BadImage.class, () -> decoder.decode(bytes));
        assertThat(bad).as("refused").isNotNull();
        assertThat(bad.getMessage()).isNotBlank();
        return bad.status();
    }
}
