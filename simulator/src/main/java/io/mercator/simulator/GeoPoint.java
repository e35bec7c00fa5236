package io.mercator.simulator;

/** A point in Thailand, in degrees. */
public record GeoPoint(double lat, double lon) {
}
