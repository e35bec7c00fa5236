package io.mercator.events.validation;

/** Answers whether a listing id was ever published, so events cannot point at listings that do not exist. */
@FunctionalInterface
public interface ListingDirectory {

    boolean isKnown(String listingId);
}
