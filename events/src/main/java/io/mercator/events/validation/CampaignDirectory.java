package io.mercator.events.validation;

/** Answers whether a boost campaign was started, so a campaign id is started once and changed only once it exists. */
@FunctionalInterface
public interface CampaignDirectory {

    /** Knows no campaign: only those started in the batch being checked count. */
    CampaignDirectory NONE = campaignId -> false;

    boolean isKnown(String campaignId);
}
