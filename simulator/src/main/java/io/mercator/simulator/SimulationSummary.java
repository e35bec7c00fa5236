package io.mercator.simulator;

import java.time.Duration;

/**
 * What one {@link MarketplaceSimulator#run} emitted.
 *
 * @param events       all events emitted
 * @param sellers      {@code seller.registered} events
 * @param listings     {@code listing.published} events
 * @param users        {@code user.profile} events
 * @param interactions impressions, clicks, carts and orders together
 * @param impressions  {@code interaction.impression} events
 * @param clicks       {@code interaction.click} events
 * @param carts        {@code interaction.add_to_cart} events
 * @param orders       {@code interaction.order} events
 * @param elapsed      wall-clock time of the run, sink time included
 */
public record SimulationSummary(long events, int sellers, int listings, int users, long interactions,
                                long impressions, long clicks, long carts, long orders, Duration elapsed) {
}
