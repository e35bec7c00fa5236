package io.mercator.vision.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/** An image's pixels as packed 0xRRGGBB ints, row by row: read-only. */
public final class Pixels {

    private Pixels() {
    }

    /**
     * The pixels of {@code image}. An 8-bit RGB image whose raster is its own buffer (what the
     * decoder gives) answers that buffer itself, without a copy: {@link BufferedImage#getRGB} goes
     * through the colour model pixel by pixel, a few milliseconds for a quarter-megapixel photo.
     * Callers must not write to the array.
     */
    public static int[] of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == w
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
                && buffer.getData().length == w * h) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }
}
