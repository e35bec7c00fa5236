package io.mercator.vision.image;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/** Images made in the test: a textured scene, encoded as JPEG or PNG, and the committed fixtures. */
public final class TestImages {

    private TestImages() {
    }

    /** A scene with edges and texture (blur and hashes need something to see), seeded. */
    public static BufferedImage scene(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0xffffff)), w, h, new Color(r.nextInt(0xffffff))));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int s = 5 + r.nextInt(Math.max(6, w / 5));
            if (r.nextBoolean()) {
                g.fillOval(x, y, s, s);
            } else {
                g.fillRect(x, y, s, s / 2 + 1);
            }
        }
        g.dispose();
        return im;
    }

    public static byte[] jpeg(BufferedImage im, float quality) {
        return JpegEncoder.encode(im, quality);
    }

    public static byte[] png(BufferedImage im) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(im, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A committed fixture (see the README beside them). */
    public static byte[] fixture(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A valid PNG header that claims {@code w} x {@code h} pixels, with a tiny compressed body: a
     * "PNG bomb" that must be refused before a byte of it is decoded.
     */
    public static byte[] pngClaiming(int w, int h) {
        byte[] small = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        // IHDR starts at byte 16: width and height, big-endian; its CRC must be right for readers to go on
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(small);
        b.putInt(16, w);
        b.putInt(20, h);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(small, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return small;
    }
}
