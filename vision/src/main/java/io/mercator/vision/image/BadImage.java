package io.mercator.vision.image;

/**
 * An upload that is not a photo we can analyse, with the HTTP status it answers (400 for a broken
 * or unusable image, 413 for one over the size limit, 415 for a format we do not take) and a reason a
 * person can act on.
 */
public final class BadImage extends RuntimeException {

    private final int status;

    public BadImage(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
