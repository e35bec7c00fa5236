package io.mercator.vision.image;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns uploaded bytes into pixels, or says plainly why not. The checks run cheapest first, and
 * the size in pixels is read from the header before anything is decoded, so a small file that claims
 * to be 50,000 pixels square (a "PNG bomb") costs nothing. Big photos are decoded subsampled: no
 * analysis here needs more than {@link Limits#decodeSide()} pixels on the short side. ImageIO reads
 * the formats, with TwelveMonkeys' plugins for CMYK JPEGs and WebP.
 */
public final class ImageDecoder {

    /**
     * @param maxBytes   the largest upload taken
     * @param maxPixels  the largest image, width times height
     * @param maxSide    the longest side taken
     * @param minSide    the shortest side taken: smaller is not a listing photo
     * @param decodeSide the short side to decode down to (at least), by whole-pixel subsampling
     */
    public record Limits(int maxBytes, long maxPixels, int maxSide, int minSide, int decodeSide) {
        public static final Limits DEFAULT = new Limits(10 * 1024 * 1024, 50_000_000L, 12_000, 32, 320);
    }

    static {
        ImageIO.setUseCache(false); // never a temporary file: photos stay in memory
        ImageIO.scanForPlugins();
    }

    private final Limits limits;

    public ImageDecoder(Limits limits) {
        this.limits = limits;
    }

    public ImageDecoder() {
        this(Limits.DEFAULT);
    }

    public Limits limits() {
        return limits;
    }

    /**
     * The cheap checks, from the first bytes alone, before any pixel is decoded: not empty, not over
     * the size limit, a JPEG, PNG or WebP (not a GIF, whatever the content type says). Throws
     * {@link BadImage} with the status to answer; the HTTP API runs them before it asks the models.
     */
    public ImageFormat format(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadImage(400, "the body is empty: send the image bytes (image/jpeg, image/png or image/webp)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new BadImage(413, String.format(Locale.ROOT, "the image is %.1f MB; the limit is %.0f MB",
                    bytes.length / 1048576.0, limits.maxBytes() / 1048576.0));
        }
        if (ImageFormat.isGif(bytes)) {
            throw new BadImage(415, "GIF images are not taken, animated or not: send JPEG, PNG or WebP");
        }
        return ImageFormat.sniff(bytes).orElseThrow(() ->
                new BadImage(415, "not a JPEG, PNG or WebP image (the first bytes say so, whatever the content type)"));
    }

    public DecodedImage decode(byte[] bytes) {
        ImageFormat format = format(bytes);
        if (format == ImageFormat.WEBP && ImageFormat.isAnimatedWebp(bytes)) {
            throw new BadImage(415, "animated WebP images are not taken: send one still photo");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(format, in);
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(w, h);
                int step = Math.max(1, Math.min(w, h) / limits.decodeSide());
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                AtomicReference<String> warning = new AtomicReference<>();
                reader.addIIOReadWarningListener((source, message) -> warning.compareAndSet(null, message));
                BufferedImage image = reader.read(0, param);
                if (warning.get() != null && isDamage(warning.get())) {
                    throw new BadImage(400, "the image is truncated or corrupt: " + warning.get());
                }
                if (format == ImageFormat.JPEG && !endsWithEoi(bytes)) {
                    throw new BadImage(400, "the JPEG is truncated: it has no end-of-image marker");
                }
                return new DecodedImage(toRgb(image), format, w, h, step);
            } finally {
                reader.dispose();
            }
        } catch (BadImage e) {
            throw e;
        } catch (IIOException | IllegalArgumentException | IndexOutOfBoundsException | java.awt.color.CMMException e) {
            throw new BadImage(400, "the " + format.name() + " could not be decoded: it is truncated or corrupt");
        } catch (IOException e) {
            throw new BadImage(400, "the " + format.name() + " could not be read: it is truncated or corrupt");
        } catch (OutOfMemoryError e) {
            throw new BadImage(400, "the image is too large to decode");
        }
    }

    private void checkSize(int w, int h) {
        if (w < limits.minSide() || h < limits.minSide()) {
            throw new BadImage(400, "the image is " + w + "x" + h + " pixels; the smallest taken is "
                    + limits.minSide() + "x" + limits.minSide());
        }
        if (w > limits.maxSide() || h > limits.maxSide() || (long) w * h > limits.maxPixels()) {
            throw new BadImage(400, "the image is " + w + "x" + h + " pixels; the largest taken is "
                    + limits.maxPixels() / 1_000_000 + " megapixels and " + limits.maxSide() + " pixels a side");
        }
    }

    private static ImageReader readerFor(ImageFormat format, ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.mediaType() + " (is TwelveMonkeys on the class path?)");
        }
        return readers.next();
    }

    /** Warnings that mean pixels are missing, as the JPEG readers word them. */
    private static boolean isDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature") || w.contains("corrupt") || w.contains("truncat") || w.contains("end of");
    }

    /** A whole JPEG ends with FF D9, perhaps followed by padding a camera appends (zeros). */
    static boolean endsWithEoi(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        for (int i = end - 2; i >= Math.max(0, end - 65_536); i--) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    /** 8-bit RGB whatever came in (grey, palette, 16-bit, CMYK, alpha over white). */
    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
