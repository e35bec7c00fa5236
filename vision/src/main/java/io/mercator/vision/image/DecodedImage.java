package io.mercator.vision.image;

import java.awt.image.BufferedImage;

/**
 * A photo decoded into memory, never onto disk.
 *
 * @param rgb        the pixels, 8-bit RGB, alpha composited onto white; possibly subsampled from the
 *                   original (see {@code subsampling})
 * @param format     what the bytes were
 * @param width      the original width in pixels
 * @param height     the original height in pixels
 * @param subsampling every how many original pixels one was decoded (1: all), to keep big photos cheap
 */
public record DecodedImage(BufferedImage rgb, ImageFormat format, int width, int height, int subsampling) {

    /** The decoded pixels as packed 0xRRGGBB ints, row by row: read-only (see {@link Pixels#of}). */
    public int[] pixels() {
        return Pixels.of(rgb);
    }
}
