package io.mercator.learning.lifecycle;

/**
 * The canary as the admin API and the monitor see it.
 *
 * @param production        the production version, null when there is none
 * @param canary            the staging version served to the canary buyers, null when there is no canary
 * @param percent           share of buyers routed to the canary
 * @param productionTraffic production's counts since the canary started (all of them when there is no canary)
 * @param canaryTraffic     the canary's counts
 * @param verdict           the judge's verdict now, null when there is no canary
 */
public record CanaryStatus(String production, String canary, double percent, ModelTraffic.Counts productionTraffic,
                           ModelTraffic.Counts canaryTraffic, CanaryJudge.Verdict verdict) {
}
