package io.mercator.service.infra;

import java.util.List;

/**
 * The HTTP paths the infra files probe or scrape. {@link RunningMercatorContractTest} GETs each
 * one on a real Mercator, so a path listed here that the service does not serve fails there, and
 * the static tests only accept probe paths from this list.
 */
final class RoutesUnderTest {

    static final List<String> PROBE_PATHS = List.of("/health/live", "/health/ready", "/metrics");

    private RoutesUnderTest() {
    }
}
