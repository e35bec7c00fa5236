package io.mercator.fraud.features;

import io.mercator.fraud.rule.FraudRule;

/**
 * One listing as fraud models and the rule see it at publication.
 *
 * @param listingId   the listing
 * @param sellerId    its seller
 * @param publishedAt event time of the publication, epoch ms
 * @param features    {@link FraudFeatures} in order (a copy)
 * @param rule        what the rule reads
 * @param impressions how often it was shown so far (the weight of a label about it)
 */
public record FraudCase(String listingId, String sellerId, long publishedAt, double[] features,
                        FraudRule.Inputs rule, long impressions) {

    public FraudCase {
        features = features.clone();
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    public double feature(int index) {
        return features[index];
    }
}
