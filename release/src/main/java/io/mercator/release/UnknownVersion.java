package io.mercator.release;

/** A release named a version that the kind's registry does not hold (answered 404). */
public final class UnknownVersion extends IllegalArgumentException {

    public UnknownVersion(String message) {
        super(message);
    }
}
