package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Decides which campaign fills a sponsored slot: the agent offers every campaign allowed to spend
 * now (in flight, budget left, not ahead of its pace) and the highest score wins.
 */
public interface BoostPolicy {

    /** Stable id: the configuration value that selects the policy and its metric tag. */
    String id();

    /** This request's bid for the arm; a randomised policy draws from {@code rng}. */
    double score(Arm arm, UniformRandomProvider rng);

    /** The bid without the randomness (a posterior mean): what the regret proxy compares. */
    double expectedScore(Arm arm);
}
