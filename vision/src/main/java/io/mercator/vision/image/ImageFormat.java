package io.mercator.vision.image;

import java.util.Optional;

/** The photo formats listings accept, told apart by their first bytes, never by what the client says. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format the bytes start with, if it is one of ours. */
    public static Optional<ImageFormat> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0d && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return Optional.of(PNG);
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    static boolean isGif(byte[] b) {
        return b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
    }

    /**
     * Whether a WebP file is animated: its extended header ({@code VP8X}) sets the animation flag,
     * or it holds an {@code ANIM} chunk. Chunks are walked by their sizes, never past the end.
     */
    static boolean isAnimatedWebp(byte[] b) {
        int at = 12;
        while (at + 8 <= b.length) {
            String fourcc = new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = (b[at + 4] & 0xffL) | (b[at + 5] & 0xffL) << 8 | (b[at + 6] & 0xffL) << 16 | (b[at + 7] & 0xffL) << 24;
            if (fourcc.equals("ANIM") || fourcc.equals("ANMF")) {
                return true;
            }
            if (fourcc.equals("VP8X") && at + 8 < b.length && (b[at + 8] & 0x02) != 0) {
                return true;
            }
            at += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - at - 8);
        }
        return false;
    }
}
