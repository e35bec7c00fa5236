package io.mercator.autoboost;

import io.mercator.events.Event;

/**
 * A sponsored slot filled by a campaign, its charge already reserved.
 *
 * @param listingId  the sponsored listing
 * @param campaignId the campaign that pays
 * @param price      the charge for this impression, THB
 * @param pctr       the click probability the policy counted on (the ranker's, or the default)
 * @param spend      the {@code boost.spend} event to append with the impressions; its id is derived
 *                   from the request and the listing, so a retried append charges once
 */
public record Placement(String listingId, String campaignId, double price, double pctr, Event spend) {
}
